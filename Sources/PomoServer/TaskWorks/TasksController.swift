import Foundation
import Hummingbird
import PomoCore
import PomoWire

/// TaskWorks `GET /api/v1/tasks/today` and `POST /api/v1/tasks/{id}/execute`, over the same tasks
/// the Time Magic dialect manages; "today" is the caller's own calendar day.
struct TasksController {
    let services: AppServices

    struct Executed: Codable, Sendable {
        var taskId: String
        var status: String
        var completed: Int
        var target: Int
    }

    @Sendable func today(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let tasks = try await services.dailyTasks.today(for: try context.requireUser().user)
        return JSONBody.response(json: Envelope(tasks.map(TodayTaskDTO.init)))
    }

    @Sendable func execute(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let task = try await services.dailyTasks.execute(taskUUID: context.parameters.get("id") ?? "", for: user)
        let dto = TodayTaskDTO(task)
        return JSONBody.response(
            json: Envelope(
                Executed(taskId: dto.taskId, status: dto.status, completed: dto.completed, target: dto.target)))
    }
}
