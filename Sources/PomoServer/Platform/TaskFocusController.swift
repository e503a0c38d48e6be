import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// `GET /api/v1/tasks/focus`: pomodoros and focus minutes per task, from the maintained totals
/// (one indexed read, whatever the history), for the workspace.
struct TaskFocusController {
    let services: AppServices

    struct TaskFocus: Codable, Sendable {
        var taskId: String
        var pomodoros: Int
        var cancelled: Int
        var minutes: Double

        enum CodingKeys: String, CodingKey {
            case pomodoros, cancelled, minutes
            case taskId = "task_id"
        }
    }

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let totals = try await services.stats.totals(userId: user.id, .task)
        let rows = totals.sorted { $0.key < $1.key }.map { uuid, totals in
            TaskFocus(
                taskId: uuid, pomodoros: totals.completed, cancelled: totals.cancelled,
                minutes: (totals.minutes * 100).rounded() / 100)
        }
        return JSONBody.response(json: Envelope(rows))
    }
}
