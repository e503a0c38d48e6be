import Foundation
import HTTPTypes
import Hummingbird
import PomoCore

/// The web app: one HTML shell for every page (the script draws the page the path names, from
/// the same JSON API the other clients use) and its script, style sheet and icon. The files are
/// package resources, read once at start; nothing is fetched from elsewhere at run time.
struct WebController {
    /// The pages the shell answers for; any other path stays a 404.
    static let pages = [
        "/", "/login", "/signup", "/focus", "/dashboard", "/team", "/workspace", "/settings", "/reports",
        "/import", "/sessions",
    ]

    let assets: WebAssets

    @Sendable func shell(_ request: Request, context: PomoRequestContext) async throws -> Response {
        guard let page = assets.file("index.html") else { throw AppError.notFound("The web app is not installed") }
        return page.response(to: request, cache: "no-cache")
    }

    @Sendable func asset(_ request: Request, context: PomoRequestContext) async throws -> Response {
        guard let name = context.parameters.get("name"), name != "index.html", let file = assets.file(name) else {
            throw AppError.notFound("No such asset")
        }
        // Revalidated on every load (cheap with the ETag), so an upgrade is seen at once.
        return file.response(to: request, cache: "no-cache")
    }
}

/// The web app's files, in memory.
struct WebAssets: Sendable {
    struct File: Sendable {
        var bytes: ByteBuffer
        var contentType: String
        var etag: String

        func response(to request: Request, cache: String) -> Response {
            var headers = WebAssets.securityHeaders
            headers[.contentType] = contentType
            headers[.cacheControl] = cache
            headers[.eTag] = etag
            if request.headers[.ifNoneMatch] == etag {
                return Response(status: .notModified, headers: headers)
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
        }
    }

    /// Only this origin's own script, styles and connections; no framing, no sniffing.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'self'; img-src 'self' data:; media-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "same-origin",
    ]

    private var files: [String: File]

    func file(_ name: String) -> File? { files[name] }

    /// Reads the files of `directory`, and adds the `generated` ones; an unreadable directory
    /// gives an app without pages.
    init(directory: URL?, generated: [String: Data] = [:]) {
        var contents = generated
        let names = directory.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0.path) } ?? []
        for name in names {
            guard let directory,
                let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
            else { continue }
            contents[name] = data
        }
        var files: [String: File] = [:]
        for (name, data) in contents {
            var hasher = FNV1a()
            hasher.add(data)
            files[name] = File(
                bytes: ByteBuffer(bytes: data), contentType: Self.contentType(of: name),
                etag: "\"\(String(hasher.value, radix: 16))\"")
        }
        self.files = files
    }

    /// The resources compiled into the package, and the forms' rules from the core's constants.
    static let bundled = WebAssets(
        directory: Bundle.module.url(forResource: "Assets", withExtension: nil),
        generated: ["rules.json": (try? JSONBody.encoder.encode(WebRules.json())) ?? Data("{}".utf8)])

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
