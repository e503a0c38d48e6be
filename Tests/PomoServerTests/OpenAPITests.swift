import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PomoCore
import PomoStore
import PomoTestSupport
import PomoWire
import Testing

@testable import PomoServer

/// `/openapi.json` is kept true by walking the router: every served route must be described,
/// and nothing described may be missing from the router.
@Suite struct OpenAPITests {
    static func paths(_ document: [String: Any]) throws -> [String: [String: Any]] {
        try #require(document["paths"] as? [String: [String: Any]])
    }

    @Test func everyRouteOfTheRouterIsDescribedAndNothingElse() async throws {
        let database = try await TestDatabases.open(.sqlite)
        let services = try await AppServices.make(
            config: TestApp.config(dataDirectory: try TestDatabases.temporaryDirectory()), database: database,
            clock: ManualClock(Date()), logger: TestDatabases.logger)
        let served = Set(buildRouter(services).routes.map { "\($0.method.rawValue) \($0.path.description)" })
        await database.close()

        let data = try JSONEncoder().encode(APIDocument.build())
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var described = Set<String>()
        for (path, item) in try Self.paths(document) {
            for method in item.keys { described.insert("\(method.uppercased()) \(path)") }
        }
        #expect(served.count > 150, "the router walk found \(served.count) routes")
        #expect(served.subtracting(described).sorted() == [], "served but not in /openapi.json")
        #expect(described.subtracting(served).sorted() == [], "in /openapi.json but not served")
    }

    /// A documented enum the server refuses (`sort=points` on `GET /api/projects` was one), a
    /// value it takes beyond the enum, or a range documented on the wrong route (`last_hours` on
    /// `/api/analytics/tracking` was read by `/api/sync/status`) goes unnoticed by the fuzzer,
    /// since 400 is a documented answer. Every enumerated value and both ends of every range of
    /// the GET routes without path parameters are sent with a JWT; each must be taken, and a value
    /// just outside refused.
    @Test func everyDocumentedQueryValueIsTakenAndOnlyThose() async throws {
        try await TestApp.run(.sqlite) { client in
            let jwt = bearer(try await client.accessToken("ana"))
            let data = try JSONEncoder().encode(APIDocument.build())
            let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var checked = 0
            for (path, item) in try Self.paths(document) where !path.contains("{") && !path.hasPrefix("/api/mcp") {
                guard let get = item["get"] as? [String: Any] else { continue }
                for parameter in get["parameters"] as? [[String: Any]] ?? [] {
                    guard parameter["in"] as? String == "query", let name = parameter["name"] as? String,
                        let schema = parameter["schema"] as? [String: Any]
                    else { continue }
                    // An enum's every value, or a range's two ends; then what lies just outside.
                    let taken: [String]
                    let refused: [String]
                    if let values = schema["enum"] as? [String] {
                        (taken, refused) = (values, ["zz-undocumented"])
                    } else if let low = schema["minimum"] as? Int, let high = schema["maximum"] as? Int {
                        (taken, refused) = (["\(low)", "\(high)"], ["\(low - 1)", "\(high + 1)", "x"])
                    } else {
                        continue
                    }
                    for value in taken {
                        let reply = try await client.send(.get, "\(path)?\(name)=\(value)", headers: jwt)
                        #expect(reply.status.code < 400, "\(path)?\(name)=\(value): \(reply)")
                        checked += 1
                    }
                    for value in refused {
                        let reply = try await client.send(.get, "\(path)?\(name)=\(value)", headers: jwt)
                        #expect(
                            reply.status.code == 400 || reply.status.code == 422, "\(path)?\(name)=\(value): \(reply)")
                    }
                }
            }
            #expect(checked > 10, "checked \(checked) documented values")
        }
    }

    /// A method no route takes, on any declared path, is answered in the dialect of the routes
    /// declared there (`PUT /api/auth/session` once answered in the Game's shape while its routes
    /// speak TaskWorks').
    @Test func anUnmatchedMethodIsAnsweredInTheDialectOfItsPath() async throws {
        try await TestApp.run(.sqlite) { client in
            var byPath: [String: [Endpoint]] = [:]
            for endpoint in Routes.all {
                for path in endpoint.paths { byPath[path, default: []].append(endpoint) }
            }
            var checked = 0
            for (path, endpoints) in byPath {
                let declared = Set(endpoints.map(\.method))
                guard let method = [.put, .delete, .post, .patch].first(where: { !declared.contains($0) }) else {
                    continue
                }
                let concrete = path.split(separator: "/", omittingEmptySubsequences: false).map {
                    $0.hasPrefix("{") ? "x" : String($0)
                }.joined(separator: "/")
                let reply = try await client.send(method, concrete)
                #expect(reply.status.code >= 400 && reply.status.code < 500, "\(method) \(concrete): \(reply)")
                let dialects = Set(endpoints.map { $0.mount.errors ?? .game })
                #expect(
                    Self.dialect(of: reply.json).map(dialects.contains) == true, "\(method) \(concrete): \(reply.body)")
                checked += 1
            }
            #expect(checked > 50)
        }
    }

    /// Which dialect an error body is in.
    static func dialect(of body: [String: Any]) -> Dialect? {
        if body["jsonrpc"] as? String == "2.0", body["error"] is [String: Any] { return .mcp }
        if body["errors"] != nil || body["info"] != nil { return .timeMagic }
        if body["error"] is String { return body["message"] is String ? .taskWorks : .game }
        return nil
    }

    @Test func theServedDocumentIsOpenAPI31AndItsReferencesResolve() async throws {
        try await TestApp.run(.sqlite) { client in
            let reply = try await client.send(.get, "/openapi.json")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "application/json; charset=utf-8")
            let document = reply.json
            #expect(document["openapi"] as? String == "3.1.0")
            let components = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])

            // Every $ref names a component; every operation has an id (unique), a summary and answers.
            var refs = Set<String>()
            func collect(_ value: Any) {
                if let object = value as? [String: Any] {
                    if let ref = object["$ref"] as? String { refs.insert(ref) }
                    object.values.forEach(collect)
                } else if let array = value as? [Any] {
                    array.forEach(collect)
                }
            }
            collect(document)
            for ref in refs {
                let name = try #require(ref.split(separator: "/").last.map(String.init))
                #expect(ref.hasPrefix("#/components/schemas/") && components[name] != nil, "\(ref)")
            }
            var ids = Set<String>()
            for (path, item) in try Self.paths(document) {
                for (method, value) in item {
                    let operation = try #require(value as? [String: Any])
                    let id = try #require(operation["operationId"] as? String, "\(method) \(path)")
                    #expect(ids.insert(id).inserted, "duplicate operationId \(id)")
                    #expect((operation["summary"] as? String)?.isEmpty == false)
                    let responses = try #require(operation["responses"] as? [String: Any])
                    // A method a route only refuses (MCP's GET and DELETE) documents that 405 instead.
                    #expect(
                        responses.keys.contains { $0.hasPrefix("2") || $0 == "405" }, "\(method) \(path) has no success"
                    )
                    let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
                    let inPath = parameters.filter { $0["in"] as? String == "path" }.compactMap {
                        $0["name"] as? String
                    }
                    #expect(Set(inPath) == Set(APIDocument.pathParameters(path)), "\(path)")
                }
            }

            // The documented error bodies are each dialect's own.
            let submit = try #require(
                (try Self.paths(document)["/api/pomodoro/submit"]?["post"] as? [String: Any])?["responses"]
                    as? [String: Any])
            #expect(submit.keys.sorted() == ["200", "201", "400", "401", "403", "409", "413"])
            #expect("\(submit["400"]!)".contains("#/components/schemas/GameError"))
            let entry = try #require(
                (try Self.paths(document)["/timemagic/api/time_entries"]?["get"] as? [String: Any])?["responses"]
                    as? [String: Any])
            #expect("\(entry["402"]!)".contains("TimeMagicInfo") && "\(entry["401"]!)".contains("TimeMagicErrors"))
        }
    }

    @Test func theDocsPageListsEveryOperation() async throws {
        try await TestApp.run(.sqlite) { client in
            let page = try await client.send(.get, "/docs/api")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            for operation in Routes.all {
                for path in operation.paths {
                    #expect(page.body.contains("<code>\(APIDocsPage.escape(path))</code>"), "\(path)")
                }
            }
            #expect(page.body.contains("GameSubmitRequest"))
        }
    }
}
