import Foundation
import Hummingbird
import NIOCore
import PomoCore
import PomoWire

/// `GET /api/v1/account/export`: everything of the caller as one JSON document, written a part
/// at a time; `DELETE /api/v1/account`: the account and everything of it, password first.
struct AccountController {
    let services: AppServices

    struct DeleteRequest: Decodable { var password: String }
    struct Deleted: Codable, Sendable { var deleted: Bool }

    /// The document: `{"format": "pomo", "version": 1, "exported_at", "user", "projects",
    /// "tasks", "activities", "goals", "estimations", "reports", "time_entries", "sessions"}`; the
    /// workspace in Time Magic's shapes, sessions as the exports write them.
    @Sendable func export(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let workspace = services.workspace
        let exports = services.exports
        let now = services.clock.now()
        // The bounded parts first (each user's projects, tasks, activities and goals are capped by
        // the quotas), so that a failure is still an error answer.
        let projects = try await workspace.projects(for: user)
        let tasks = try await workspace.tasksOfAllProjects(for: user)
        let activities = try await workspace.activities(for: user)
        let goals = try await workspace.goals(for: user, projectUUID: nil)
        let (estimations, reports) = try await workspace.plansOfAllProjects(for: user)
        let profile = Profile(
            username: user.username, email: user.email, timezone: user.timezone,
            createdAt: Timestamp.format(user.createdAt), preferences: user.preferences)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"pomo-account-\(user.username).json\""
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { body in
                func part(_ key: String, _ json: String, first: Bool = false) async throws {
                    try await body.write(ByteBuffer(string: (first ? "" : ",") + "\"\(key)\":" + json))
                }
                try await body.write(
                    ByteBuffer(string: #"{"format":"pomo","version":1,"exported_at":"\#(Timestamp.format(now))""#))
                try await part("user", WireJSON.text(profile))
                try await part("projects", WireJSON.text(projects.map(TimeMagicProject.init)))
                try await part("tasks", WireJSON.text(tasks.map(TimeMagicTask.init)))
                try await part("activities", WireJSON.text(activities.map(TimeMagicActivity.init)))
                try await part("goals", WireJSON.text(goals.map(TimeMagicGoal.init)))
                try await part("estimations", WireJSON.text(estimations.map(TimeMagicEstimation.init)))
                try await part("reports", WireJSON.text(reports.map(TimeMagicReport.init)))
                // The unbounded parts a page at a time.
                try await body.write(ByteBuffer(string: #","time_entries":["#))
                var entries = try await workspace.entries(for: user, after: nil, limit: 1_000)
                var first = true
                while !entries.isEmpty {
                    let text = entries.map { WireJSON.text(TimeMagicTimeEntry($0)) }.joined(separator: ",")
                    try await body.write(ByteBuffer(string: (first ? "" : ",") + text))
                    first = false
                    guard entries.count == 1_000 else { break }
                    entries = try await workspace.entries(for: user, after: entries.last, limit: 1_000)
                }
                try await body.write(ByteBuffer(string: #"],"sessions":"#))
                let writer = ExportWriter(timezone: TimeZone(identifier: user.timezone) ?? .gmt)
                var isFirst = true
                try await exports.eachPage(.sessions, of: user, ExportFilter()) { page in
                    try await body.write(ByteBuffer(string: writer.json(page, first: isFirst)))
                    isFirst = false
                }
                try await body.write(ByteBuffer(string: ExportWriter.jsonEnd + "}"))
                try await body.finish(nil)
            })
    }

    @Sendable func delete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let body = try await JSONBody.decode(DeleteRequest.self, from: request, limit: services.config.maxBodyBytes)
        try await services.accounts.deleteAccount(user: user, password: body.password)
        return JSONBody.response(json: Envelope(Deleted(deleted: true)))
    }

    struct Profile: Encodable {
        var username: String
        var email: String
        var timezone: String
        var createdAt: String
        var preferences: UserPreferences
        enum CodingKeys: String, CodingKey {
            case username, email, timezone, preferences
            case createdAt = "created_at"
        }
    }
}
