import Foundation
import HTTPTypes
import HummingbirdTesting
import PomoCore
import PomoServer
import PomoTestSupport
import Testing

/// `POST /api/mcp` at the JSON-RPC level, on SQLite and PostgreSQL: what the official SDK's test
/// (Tests/MCP/mcp_test.py, run by scripts/test.sh) does not reach, or reaches on SQLite only.
@Suite struct MCPTests {
    static func rpc(
        _ client: any TestClientProtocol, _ auth: HTTPFields, _ body: String, path: String = "/api/mcp"
    ) async throws -> Reply {
        try await client.send(.post, path, body: body, headers: auth)
    }

    /// A tool's result: whether it is an error, and its JSON.
    static func tool(
        _ client: any TestClientProtocol, _ auth: HTTPFields, _ name: String, _ arguments: String = "{}"
    ) async throws -> (isError: Bool, json: Any) {
        let reply = try await rpc(
            client, auth,
            #"{"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "\#(name)", "arguments": \#(arguments)}}"#
        )
        #expect(reply.status == .ok, "\(name): \(reply)")
        let result = try #require(reply.json["result"] as? [String: Any], "\(name): \(reply)")
        let content = try #require((result["content"] as? [[String: Any]])?.first)
        let text = try #require(content["text"] as? String)
        return (result["isError"] as? Bool ?? true, try JSONSerialization.jsonObject(with: Data(text.utf8)))
    }

    @Test(arguments: TestBackend.available)
    func theHandshakeNegotiatesAVersionAndTheTransportFollowsJSONRPC(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { client in
            let auth = bearer(try await client.apiKey("ana"))
            for (asked, answered) in [
                ("2025-06-18", "2025-06-18"), ("2025-11-25", "2025-11-25"), ("2024-11-05", "2025-11-25"),
            ] {
                let reply = try await Self.rpc(
                    client, auth,
                    #"{"jsonrpc": "2.0", "id": "a", "method": "initialize", "params": {"protocolVersion": "\#(asked)", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}"#
                )
                let result = try #require(reply.json["result"] as? [String: Any], "\(reply)")
                #expect(result["protocolVersion"] as? String == answered, "\(asked)")
                #expect(reply.json["id"] as? String == "a")
            }
            // A notification and a client's response are taken without an answer.
            let note = try await Self.rpc(client, auth, #"{"jsonrpc": "2.0", "method": "notifications/initialized"}"#)
            #expect(note.status == .accepted && note.body.isEmpty, "\(note)")
            let response = try await Self.rpc(client, auth, #"{"jsonrpc": "2.0", "id": 4, "result": {}}"#)
            #expect(response.status == .accepted, "\(response)")
            // Errors in JSON-RPC's codes; never a 500.
            let cases: [(String, Int, Int)] = [
                (#"{"jsonrpc": "2.0", "id": 1, "method": "resources/list"}"#, 200, -32601),
                (#"{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "nope"}}"#, 200, -32602),
                (#"{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": []}"#, 200, -32602),
                (#"{"jsonrpc": "1.0", "id": 1, "method": "ping"}"#, 200, -32600),
                (#"{"jsonrpc": "2.0", "id": {"x": 1}, "method": "ping"}"#, 200, -32600),
                (#"{"jsonrpc": "2.0", "id": 1, "#, 400, -32700),
                (#""just a string""#, 400, -32600),
            ]
            for (body, status, code) in cases {
                let reply = try await Self.rpc(client, auth, body)
                #expect(reply.status.code == status, "\(body): \(reply)")
                let error = try #require(reply.json["error"] as? [String: Any], "\(body): \(reply)")
                #expect(error["code"] as? Int == code, "\(body): \(reply)")
            }
            let batch = try await Self.rpc(
                client, auth,
                #"[{"jsonrpc": "2.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "method": "notifications/x"}, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}]"#
            )
            let answers = try #require(
                try JSONSerialization.jsonObject(with: Data(batch.body.utf8)) as? [[String: Any]])
            #expect(answers.map { $0["id"] as? Int } == [1, 2], "\(batch)")
            let version = try await client.send(
                .post, "/api/mcp", body: #"{"jsonrpc": "2.0", "id": 1, "method": "ping"}"#,
                headers: auth + [HTTPField.Name("MCP-Protocol-Version")!: "1999-01-01"])
            #expect(version.status == .badRequest, "\(version)")
            for method in [HTTPRequest.Method.get, .delete] {
                let refused = try await client.send(method, "/api/mcp", headers: auth)
                #expect(refused.status == .methodNotAllowed && refused.headers[.allow] == "POST", "\(refused)")
            }
            // Refused before any message is read: the status, and a JSON-RPC error with Time Magic's words.
            let anonymous = try await client.send(
                .post, "/api/mcp", body: #"{"jsonrpc": "2.0", "id": 1, "method": "ping"}"#)
            #expect(anonymous.status == .unauthorized)
            #expect(
                (anonymous.json["error"] as? [String: Any])?["message"] as? String == "Unauthorized", "\(anonymous)")
        }
    }

    /// The tools that sum tracked time run their queries on both databases.
    @Test(arguments: TestBackend.available)
    func theDailyReportAndGoalProgressSumTrackedTime(_ backend: TestBackend) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_765_000_000))  // 2025-12-06T05:46:40Z, a Saturday
        try await TestApp.run(backend, clock: clock) { client in
            let auth = bearer(try await client.apiKey("ana"))
            let project = try await Self.tool(client, auth, "create_project", #"{"name": "Site"}"#)
            let projectUUID = try #require((project.json as? [String: Any])?["uuid"] as? String)
            let task = try await Self.tool(
                client, auth, "create_task", #"{"project_uuid": "\#(projectUUID)", "name": "Design"}"#)
            let taskUUID = try #require((task.json as? [String: Any])?["uuid"] as? String)
            let activity = try await Self.tool(client, auth, "create_activity", #"{"name": "Gym"}"#)
            let activityUUID = try #require((activity.json as? [String: Any])?["uuid"] as? String)
            for (begin, seconds, resource) in [
                ("2025-12-06T01:00:00Z", 1200, #", "resource_type": "task", "resource_id": "\#(taskUUID)""#),
                ("2025-12-06T02:00:00Z", 600, #", "resource_type": "task", "resource_id": "\#(taskUUID)""#),
                ("2025-12-06T03:00:00Z", 900, #", "resource_type": "activity", "resource_id": "\#(activityUUID)""#),
                ("2025-12-06T04:00:00Z", 300, ""),
                ("2025-12-05T04:00:00Z", 3600, #", "resource_type": "task", "resource_id": "\#(taskUUID)""#),
            ] {
                let logged = try await Self.tool(
                    client, auth, "log_time", #"{"begin_time": "\#(begin)", "duration": \#(seconds)\#(resource)}"#)
                #expect(!logged.isError, "\(logged)")
            }

            // MUT
            let day = try await Self.tool(client, auth, "get_daily_report")
            let friday = try await Self.tool(client, auth, "get_daily_report", #"{"date": "2025-12-05"}"#)
            let bad = try await Self.tool(client, auth, "get_daily_report", #"{"date": "2025-13-01"}"#)
            let goal = try await Self.tool(
                client, auth, "update_goal", #"{"text": "Ship", "project_id": "\#(projectUUID)"}"#)
            let goalUUID = try #require((goal.json as? [String: Any])?["uuid"] as? String)
            let progress = try await Self.tool(client, auth, "get_goal_progress", #"{"uuid": "\#(goalUUID)"}"#)

            // validate
            let report = try #require(day.json as? [String: Any])
            #expect(report["date"] as? String == "2025-12-06")
            #expect(report["total_seconds"] as? Int == 3000, "\(report)")
            let items = try #require(report["items"] as? [[String: Any]])
            #expect(items.map { $0["seconds"] as? Int } == [1800, 900, 300], "\(items)")
            #expect(items[0]["task_name"] as? String == "Design" && items[0]["entries"] as? Int == 2)
            #expect(items[0]["project_name"] as? String == "Site")
            #expect(items[1]["activity_name"] as? String == "Gym")
            #expect(items[2]["task_uuid"] is NSNull && items[2]["activity_uuid"] is NSNull)
            #expect((friday.json as? [String: Any])?["total_seconds"] as? Int == 3600)
            #expect(bad.isError && "\(bad.json)".contains("is not a valid date"), "\(bad)")
            // The week from Monday 1 December: the project's tasks only (not the gym, not the loose entry).
            #expect((progress.json as? [String: Any])?["tracked_seconds"] as? Int == 5400, "\(progress)")
            #expect((progress.json as? [String: Any])?["from"] as? String == "2025-12-01T00:00:00Z")
        }
    }
}
