import Foundation
import Hummingbird
import NIOCore
import PomoCore
import PomoWire
import ServiceLifecycle

/// `GET /api/v1/events`: Server-Sent Events of the caller's own changes (`id:` is the change's
/// cursor, `event:` its kind, `data:` the change as the sync feed gives it) and of their teams'
/// presence (`event: presence`, `{"count", "team"}`), with a comment line as a heartbeat.
/// `Last-Event-ID` (or `?since=`) resumes after a cursor without a gap; without it the stream
/// starts now.
struct EventsController {
    let services: AppServices

    static let since: Query<ChangeCursor?> = .cursor(
        "since", "A change cursor to resume after (as `Last-Event-ID` does); absent, the stream starts now")
    static let query: [any DocumentedQuery] = [since]

    @Sendable func stream(_ request: Request, context: PomoRequestContext) async throws -> Response {
        let user = try context.requireUser().user
        let resume = try request.headers[.lastEventId].map(Self.since.value(of:)) ?? Self.since.read(request)
        let start: ChangeCursor
        if let resume {
            // Before the stream's 200: a stream cannot turn into an error once it has begun.
            try await services.changes.checkResumable(after: resume)
            start = resume
        } else {
            start = try await services.changes.end()
        }
        let (count, presence) = try await PresenceController.now(for: user, services)
        // Joined before the backlog is read, so nothing committed meanwhile falls between the two;
        // and after every read that can fail, so a failed request holds no stream.
        let subscription = try await services.hub.subscribe(userId: user.id)
        let feed = services.changes
        let hub = services.hub
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        // nginx would otherwise hold the events back to fill its buffer.
        headers[.xAccelBuffering] = "no"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                defer { hub.unsubscribe(subscription) }
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                try await writer.write(Self.presence(count: count, team: presence))
                var last = start
                while true {
                    let backlog = try await feed.changes(userId: user.id, after: last, limit: 500)
                    for change in backlog { try await writer.write(Self.event(change)) }
                    last = backlog.last?.cursor ?? last
                    if backlog.count < 500 { break }
                }
                // A server shutting down ends the stream (the client reconnects elsewhere with its
                // last id) instead of waiting for it.
                try await withGracefulShutdownHandler {
                    for await item in subscription.items {
                        switch item {
                        case .change(let change):
                            guard last < change.cursor else { continue }
                            last = change.cursor
                            try await writer.write(Self.event(change))
                        case .presence(let count, let team):
                            try await writer.write(Self.presence(count: count, team: team))
                        case .heartbeat:
                            try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        }
                    }
                } onGracefulShutdown: {
                    hub.unsubscribe(subscription)
                }
                try await writer.finish(nil)
            })
    }

    static func event(_ change: Change) -> ByteBuffer {
        var json = JSONWriter()
        ChangeDTO(change).write(to: &json)
        var buffer = ByteBuffer(string: "id: \(change.cursor)\nevent: \(change.kind)\ndata: ")
        json.withBytes { _ = buffer.writeBytes($0) }
        buffer.writeString("\n\n")
        return buffer
    }

    static func presence(count: Int, team: [FocusingMember]?) -> ByteBuffer {
        let body = PresenceEvent(count: count, team: team.map { $0.map(FocusingMemberDTO.init) })
        let data = (try? JSONBody.encoder.encode(body)) ?? Data("{}".utf8)
        var buffer = ByteBuffer(string: "event: presence\ndata: ")
        buffer.writeBytes(data)
        buffer.writeString("\n\n")
        return buffer
    }

    /// `team` is left out when only the count changed.
    struct PresenceEvent: Encodable {
        var count: Int
        var team: [FocusingMemberDTO]?
    }
}
