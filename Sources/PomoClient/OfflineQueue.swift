import Foundation
import PomoCore
import PomoWire

/// Finished sessions the server has not acknowledged yet, one file per session UUID. A replay
/// sends each again; the server's idempotent submit turns a repeat into a harmless duplicate, so
/// a session is never lost and never counted twice.
public struct OfflineQueue: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public struct Replay: Sendable, Equatable {
        /// Session UUIDs the server now has (new or already there).
        public var sent: [String] = []
        /// Refused by the server; moved to `failed/` with the reason, so they stop blocking the rest.
        public var failed: [String: String] = [:]
        /// Still queued because the server could not be reached.
        public var kept = 0
    }

    public func enqueue(_ submission: GameSubmitRequest) throws {
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let data = try JSONEncoder().encode(submission)
        let file = directory.appendingPathComponent("\(submission.sessionId).json")
        try data.write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }

    public func pending() -> [GameSubmitRequest] {
        let files =
            (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            .compactMap { try? JSONDecoder().decode(GameSubmitRequest.self, from: Data(contentsOf: $0)) }
            .sorted { $0.startTime < $1.startTime }
    }

    public func replay(using client: PomoClient) async -> Replay {
        var report = Replay()
        let queued = pending()
        for (index, submission) in queued.enumerated() {
            do {
                _ = try await client.submit(submission)
                remove(submission.sessionId)
                report.sent.append(submission.sessionId)
            } catch let error as PomoClientError {
                switch error {
                case .server(let status, let message) where (400..<500).contains(status) && status != 401:
                    moveToFailed(submission.sessionId, reason: message)
                    report.failed[submission.sessionId] = message
                case .unreachable:
                    report.kept += queued.count - index
                    return report
                default:
                    report.kept += 1
                }
            } catch {
                report.kept += 1
            }
        }
        return report
    }

    private func remove(_ id: String) {
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("\(id).json"))
    }

    private func moveToFailed(_ id: String, reason: String) {
        let failed = directory.appendingPathComponent("failed")
        try? FileManager.default.createDirectory(at: failed, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("\(id).json")
        try? FileManager.default.moveItem(at: source, to: failed.appendingPathComponent("\(id).json"))
        try? Data(reason.utf8).write(to: failed.appendingPathComponent("\(id).reason.txt"))
    }

    /// Where `pomo sync` last read the server's change feed to: what changed since then is what
    /// happened while this machine was away.
    var cursorFile: URL { directory.appendingPathComponent("changes-cursor") }

    public var feedCursor: String? {
        (try? String(contentsOf: cursorFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func saveFeedCursor(_ cursor: String) throws {
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Data(cursor.utf8).write(to: cursorFile, options: .atomic)
    }

    /// What `pomo sync` found on the change feed since its saved cursor.
    public struct CatchUp: Sendable, Equatable {
        /// The kinds of change and how many of each.
        public var counts: [String: Int] = [:]
        /// The server no longer keeps some of the changes since the saved cursor (its change
        /// retention removed them): `counts` holds only what it keeps.
        public var missedSome = false
    }

    /// Reads the change feed from the saved cursor to its end and saves where it ended (nil the
    /// first time, which only finds the end). At most `maxPages` pages a call; the rest waits for
    /// the next. A saved cursor the server no longer keeps reads on from what it does keep.
    public func catchUp(using client: PomoClient, maxPages: Int = 100) async throws -> CatchUp? {
        let start = feedCursor
        var cursor = start
        var found = CatchUp()
        for _ in 0..<maxPages {
            let page: Page<ChangeDTO>
            do {
                page = try await client.changes(since: cursor)
            } catch let error as PomoClientError where error.isCursorExpired && cursor != nil {
                // The feed without a cursor starts at the oldest change kept.
                found.missedSome = true
                cursor = nil
                continue
            }
            for change in page.items where start != nil { found.counts[change.kind, default: 0] += 1 }
            cursor = page.nextCursor ?? cursor
            if !page.hasMore { break }
        }
        if let cursor { try saveFeedCursor(cursor) }
        return start == nil ? nil : found
    }
}
