import Foundation
import PomoCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One event of `GET /api/v1/events`: a change (`name` its kind, `id` its cursor) or `presence`.
public struct ServerEvent: Sendable, Equatable {
    public var id: String?
    public var name: String
    public var data: String

    public init(id: String?, name: String, data: String) {
        self.id = id
        self.name = name
        self.data = data
    }

    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
    }
}

extension PomoClient {
    /// The caller's event stream from after `lastEventId` (from now when nil), until the server
    /// or the network ends it: the caller reconnects with the last id it saw, and misses nothing.
    public func events(after lastEventId: String?) -> AsyncThrowingStream<ServerEvent, any Error> {
        var request = URLRequest(url: baseURL.appendingPathComponent("api/v1/events"))
        // The stream is quiet between heartbeats; only a dead connection should end it.
        request.timeoutInterval = 120
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        request.setValue("pomo-cli/\(PomoVersion.current)", forHTTPHeaderField: "X-App-Identifier")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let lastEventId { request.setValue(lastEventId, forHTTPHeaderField: "Last-Event-ID") }
        let base = baseURL.absoluteString
        return AsyncThrowingStream { continuation in
            let reader = EventStreamReader(continuation: continuation, base: base)
            let session = URLSession(configuration: .default, delegate: reader, delegateQueue: nil)
            let task = session.dataTask(with: request)
            continuation.onTermination = { _ in
                task.cancel()
                session.invalidateAndCancel()
            }
            task.resume()
        }
    }
}

/// Follows the event stream, reconnecting after a dropped connection with the last event id
/// (after 1 s, doubling to 30 s) and saying so through `notice`; likewise after a refusal that
/// passes (429 at the cap of streams per user, a 5xx such as a proxy's 502 while an instance
/// restarts). A resume the server refuses because it no longer keeps the changes after that id
/// (410: the connection was down longer than its change retention) is said and followed from
/// now on. Any other refusal (401, 403) ends it with the server's error.
public struct EventFollower: Sendable {
    public let client: PomoClient
    public let notice: @Sendable (String) -> Void

    public init(client: PomoClient, notice: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.notice = notice
    }

    /// Follows from after `start` (from now when nil) until cancelled.
    public func follow(after start: String? = nil, _ handle: (ServerEvent) async throws -> Void) async throws {
        var last = start
        var pause: Duration = .seconds(1)
        while !Task.isCancelled {
            do {
                for try await event in client.events(after: last) {
                    if let id = event.id { last = id }
                    pause = .seconds(1)
                    try await handle(event)
                }
                notice("event stream ended; reconnecting")
            } catch let error as PomoClientError where error.isCursorExpired && last != nil {
                // What changed in between cannot be read; the stream goes on from now at once.
                notice(
                    "the server no longer keeps the changes since the last event shown (its change retention);"
                        + " following from now, what changed meanwhile is not shown")
                last = nil
                continue
            } catch let error as PomoClientError {
                if case .server(let status, _) = error, status != 429, status < 500 { throw error }
                notice("\(error); reconnecting in \(pause.components.seconds) s")
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(30))
        }
    }
}

/// Reads Server-Sent Events off a data task as its bytes arrive.
private final class EventStreamReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // The delegate queue is serial: these are touched from one thread at a time.
    private let continuation: AsyncThrowingStream<ServerEvent, any Error>.Continuation
    private let base: String
    private var parser = ServerEventParser()
    private var failure: PomoClientError?
    private var errorBody = Data()

    init(continuation: AsyncThrowingStream<ServerEvent, any Error>.Continuation, base: String) {
        self.continuation = continuation
        self.base = base
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            failure = .server(status: http.statusCode, message: "")
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        if failure != nil {
            // An error body is small; anything past 4 KiB is not read.
            if errorBody.count < 4096 { errorBody.append(data.prefix(4096 - errorBody.count)) }
            return
        }
        for event in parser.feed(data) { continuation.yield(event) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if case .server(let status, _) = failure {
            continuation.finish(
                throwing: PomoClientError.server(status: status, message: PomoClient.message(in: errorBody)))
        } else if let error {
            continuation.finish(throwing: PomoClientError.unreachable(base, error.localizedDescription))
        } else {
            continuation.finish()
        }
        session.finishTasksAndInvalidate()
    }
}

/// The `text/event-stream` format: blocks separated by a blank line, of `id:`, `event:` and
/// `data:` lines; lines starting with `:` are comments (the heartbeat).
public struct ServerEventParser: Sendable {
    private var pending = Data()
    /// A block longer than this is not an event of Pomo's: it is dropped.
    static let maxBlock = 1 << 20

    public init() {}

    public mutating func feed(_ data: Data) -> [ServerEvent] {
        pending.append(data)
        var events: [ServerEvent] = []
        while let end = Self.blankLine(in: pending) {
            let block = String(decoding: pending[pending.startIndex..<end.lowerBound], as: UTF8.self)
            pending.removeSubrange(pending.startIndex..<end.upperBound)
            if let event = Self.event(block) { events.append(event) }
        }
        if pending.count > Self.maxBlock { pending.removeAll() }
        return events
    }

    private static func blankLine(in data: Data) -> Range<Data.Index>? {
        let lf = data.range(of: Data("\n\n".utf8))
        let crlf = data.range(of: Data("\r\n\r\n".utf8))
        switch (lf, crlf) {
        case (let a?, let b?): return a.lowerBound <= b.lowerBound ? a : b
        case (let a?, nil): return a
        case (nil, let b?): return b
        default: return nil
        }
    }

    static func event(_ block: String) -> ServerEvent? {
        var id: String?
        var name = "message"
        var data: [String] = []
        for raw in block.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            if line.hasPrefix(":") { continue }
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let field = parts[0]
            var value = parts.count > 1 ? parts[1] : ""
            if value.hasPrefix(" ") { value = value.dropFirst() }
            switch field {
            case "id": id = String(value)
            case "event": name = String(value)
            case "data": data.append(String(value))
            default: continue
            }
        }
        guard !data.isEmpty else { return nil }
        return ServerEvent(id: id, name: name, data: data.joined(separator: "\n"))
    }
}
