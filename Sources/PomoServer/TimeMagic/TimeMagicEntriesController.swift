import Hummingbird
import NIOCore
import PomoCore
import PomoWire

/// Time Magic time entries: `/api/time_entries[/:id]`.
struct TimeMagicEntriesController {
    let services: AppServices

    /// Every entry of the user, as the contract says, read and written a page at a time, each
    /// page written from its rows as the database reads them: the server holds one page,
    /// whatever the number of entries. A list of one page is answered whole; a longer one is
    /// streamed, and an error after the first page ends the connection.
    @Sendable func list(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let workspace = services.workspace
        let size = Self.pageSize
        // One more than a page tells whether the answer fits in one.
        let first = Self.page(limit: size + 1, opening: "[")
        try await workspace.scanEntries(for: user, after: nil, limit: size + 1) { try first.add($0) }
        guard first.count > size else {
            return JSONBody.response(json: first.buffer(closing: "]"))
        }
        let body = ResponseBody { writer in
            var page = first
            var full = true
            repeat {
                try await writer.write(page.buffer())
                guard full, let last = page.last else { break }
                let next = Self.page(limit: size, opening: ",")
                try await workspace.scanEntries(for: user, after: last, limit: size) { try next.add($0) }
                full = next.count == size
                page = next
            } while page.count > 0
            try await writer.write(ByteBuffer(string: "]"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: body)
    }

    static func page(limit: Int, opening: StaticString) -> ListedRows<EntryCursor> {
        ListedRows(
            limit: limit, bytesPerItem: 300, opening: opening,
            write: { try TimeMagicEntryList.write(listed: $0, to: &$1) },
            cursor: { try EntryCursor(listed: $0) })
    }

    static let pageSize = 1_000

    @Sendable func show(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let entry = try await services.workspace.entry(context.pathId, for: try context.requireUser().user)
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
            json: TimeMagicTimeEntry(try await services.workspace.updateEntry(context.pathId, input.changes, for: user))
        )
    }

    @Sendable func delete(_ request: Request, context: PomoRequestContext) async throws -> Response {
        try await services.workspace.deleteEntry(context.pathId, for: try context.requireUser().user)
        return Response(status: .noContent)
    }
}
