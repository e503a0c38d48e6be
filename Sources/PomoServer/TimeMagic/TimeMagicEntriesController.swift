import Hummingbird
import PomoCore

/// Time Magic time entries: `/api/time_entries[/:id]`.
struct TimeMagicEntriesController {
    let services: AppServices

    func addRoutes(to group: RouterGroup<PomoRequestContext>) {
        group.get("time_entries", use: list)
        group.post("time_entries", use: create)
        group.get("time_entries/{id}", use: show)
        group.put("time_entries/{id}", use: update)
        group.patch("time_entries/{id}", use: update)
        group.delete("time_entries/{id}", use: delete)
    }

    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let entries = try await services.workspace.entries(for: try context.requireUser().user)
        return JSONBody.response(json: TimeMagicEntryList(entries))
    }

    @Sendable func show(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let entry = try await services.workspace.entry(context.id, for: try context.requireUser().user)
        return JSONBody.response(json: TimeMagicTimeEntry(entry))
    }

    @Sendable func create(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(
            TimeEntryInput.self, from: request, limit: services.config.maxBodyBytes)
        let entry = try await services.workspace.createEntry(try input.newEntry(), for: user)
        return JSONBody.response(status: .created, json: TimeMagicTimeEntry(entry))
    }

    /// Begin, end and comment only: what an entry is attached to is fixed at creation.
    @Sendable func update(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let input = try await TimeMagicBody.decode(
            TimeEntryInput.self, from: request, limit: services.config.maxBodyBytes)
        return JSONBody.response(
            json: TimeMagicTimeEntry(try await services.workspace.updateEntry(context.id, input.changes, for: user)))
    }

    @Sendable func delete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await services.workspace.deleteEntry(context.id, for: try context.requireUser().user)
        return Response(status: .noContent)
    }
}
