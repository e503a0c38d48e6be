import Foundation
import Logging
import PomoCore
import PomoStore
import ServiceLifecycle
import Synchronization

/// Follows the change log for this server's event streams (`GET /api/v1/events`): one reader
/// per pomod, woken by each commit (and on PostgreSQL by the notices of every other pomod on the
/// same database), hands each change to its user's open streams, and each teammate's start or
/// stop, with the "focusing now" count, to the streams of their teams.
///
/// Bounded: at most `perUser` streams per user, and each stream buffers at most `buffer` items;
/// a stream whose reader does not keep up is ended (its client resumes from its last event id)
/// rather than buffered without limit.
final class ChangeHub: Service, Sendable {
    enum Item: Sendable {
        case change(Change)
        /// The count of everyone focusing, and the caller's focusing teammates when they changed.
        case presence(count: Int, team: [FocusingMember]?)
        case heartbeat
    }

    struct Subscription: Sendable {
        let id: UInt64
        let userId: Int64
        let items: AsyncStream<Item>
    }

    private typealias Stream = AsyncStream<Item>.Continuation

    private struct State {
        /// Where the hub has read to; nil until its first round finds where the log ends.
        var cursor: ChangeCursor?
        var nextId: UInt64 = 0
        /// The open streams by user, so that a change costs a lookup, not a pass over every stream.
        var streams: [Int64: [UInt64: Stream]] = [:]
        var focusing: Int?
    }

    private let state = Mutex(State())
    /// This instance committed changes the other pomods have not been told of.
    private let unannounced = Atomic(false)
    private let database: PomoDatabase
    private let feed: any ChangeFeedStore
    private let presence: any PresenceStore
    private let focusingNow: @Sendable () async throws -> Int
    private let clock: any PomoClock
    private let perUser: Int
    private let heartbeat: Duration
    /// Told after each round that read changes (the webhook dispatcher follows the same log).
    private let onChanges: @Sendable () -> Void
    private let logger: Logger
    static let buffer = 256

    init(
        database: PomoDatabase, feed: any ChangeFeedStore, presence: any PresenceStore, clock: any PomoClock,
        focusingNow: @escaping @Sendable () async throws -> Int, perUser: Int, heartbeat: Duration,
        onChanges: @escaping @Sendable () -> Void = {}, logger: Logger
    ) {
        self.onChanges = onChanges
        self.database = database
        self.feed = feed
        self.presence = presence
        self.clock = clock
        self.focusingNow = focusingNow
        self.perUser = perUser
        self.heartbeat = heartbeat
        self.logger = logger
    }

    /// A new stream for `userId`, or 429 past the cap of open streams per user. At the cap, the
    /// user's streams are written to first: a client that went away (a page left, a tab closed)
    /// is only found by a write, which fails at once on its closed connection and frees its place.
    func subscribe(userId: Int64) async throws -> Subscription {
        for _ in 0..<2 {
            if let subscription = add(userId: userId) { return subscription }
            deliver { $0 == userId ? [.heartbeat] : [] }
            try await Task.sleep(for: .milliseconds(150))
        }
        if let subscription = add(userId: userId) { return subscription }
        throw AppError(
            .tooManyRequests(retryAfterSeconds: 5),
            "At most \(perUser) event streams per user are open at once (POMO_EVENT_STREAMS_PER_USER)")
    }

    private func add(userId: Int64) -> Subscription? {
        let (items, continuation) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingOldest(Self.buffer))
        let id: UInt64? = state.withLock { state in
            guard state.streams[userId, default: [:]].count < perUser else { return nil }
            state.nextId += 1
            state.streams[userId, default: [:]][state.nextId] = continuation
            return state.nextId
        }
        guard let id else { return nil }
        let subscription = Subscription(id: id, userId: userId, items: items)
        // The reader went away (the client disconnected): the hub forgets the stream.
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(subscription) }
        return subscription
    }

    func unsubscribe(_ subscription: Subscription) {
        let gone = state.withLock { state in
            defer {
                if state.streams[subscription.userId]?.isEmpty == true { state.streams[subscription.userId] = nil }
            }
            return state.streams[subscription.userId]?.removeValue(forKey: subscription.id)
        }
        gone?.finish()
    }

    var openStreams: Int { state.withLock { $0.streams.values.reduce(0) { $0 + $1.count } } }

    func run() async throws {
        let (wake, waker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in self.database.committed {
                    self.unannounced.store(true, ordering: .relaxed)
                    waker.yield()
                }
            }
            group.addTask {
                // Other pomods' commits, on PostgreSQL; a lost connection is tried again.
                while !Task.isCancelled {
                    do {
                        // Returns when there is nothing to follow: SQLite, or a closed database.
                        try await self.database.followChangesOfOtherInstances { waker.yield() }
                        return
                    } catch {
                        self.logger.warning("change notices: \(String(reflecting: error)); listening again in 1 s")
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            group.addTask {
                // A tick, for anything a notice missed, and the heartbeat's clock.
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    waker.yield()
                }
            }
            await cancelWhenGracefulShutdown { await self.follow(wake) }
            waker.finish()
            group.cancelAll()
        }
        let open = state.withLock { state in
            defer { state.streams = [:] }
            return state.streams.values.flatMap(\.values)
        }
        for stream in open { stream.finish() }
    }

    private func follow(_ wake: AsyncStream<Void>) async {
        var lastBeat = ContinuousClock.now
        for await _ in wake {
            do {
                // One notice per round, however many writes it covers.
                if unannounced.exchange(false, ordering: .relaxed) { try await database.announceChanges() }
                try await dispatchNewChanges()
            } catch {
                logger.warning("change hub: \(String(reflecting: error))")
            }
            if ContinuousClock.now - lastBeat >= heartbeat {
                lastBeat = ContinuousClock.now
                deliver { _ in [.heartbeat] }
            }
        }
    }

    /// Reads what was committed since the last round and hands it out.
    private func dispatchNewChanges() async throws {
        var cursor: ChangeCursor
        if let read = state.withLock({ $0.cursor }) {
            cursor = read
        } else {
            cursor = try await feed.end()
        }
        while true {
            let changes = try await feed.changes(after: cursor, limit: 500)
            cursor = changes.last?.cursor ?? cursor
            state.withLock { [cursor] in $0.cursor = cursor }
            if !changes.isEmpty { onChanges() }
            let byUser = Dictionary(grouping: changes, by: \.userId)
            deliver { user in byUser[user]?.map(Item.change) ?? [] }
            let moved = Set(changes.filter(\.changesPresence).map(\.userId))
            if !moved.isEmpty { try await announcePresence(of: moved) }
            if changes.count < 500 { return }
        }
    }

    /// After sessions started or stopped: the count to every stream when it changed, and the
    /// team list to the streams of those who share a team with whoever moved.
    private func announcePresence(of moved: Set<Int64>) async throws {
        let count = try await focusingNow()
        let watching = try await presence.teammates(of: moved)
        let listening = state.withLock { Set($0.streams.keys) }
        var teams: [Int64: [FocusingMember]] = [:]
        for user in watching.intersection(listening) {
            teams[user] = try await presence.focusingTeammates(of: user, at: clock.now())
        }
        let countChanged = state.withLock { state in
            defer { state.focusing = count }
            return state.focusing != count
        }
        deliver { user in
            if let team = teams[user] { return [.presence(count: count, team: team)] }
            return countChanged ? [.presence(count: count, team: nil)] : []
        }
    }

    /// Hands each user's streams the items `itemsFor` gives that user. A stream whose buffer is
    /// full is taken out and ended once the lock is let go (ending it calls `unsubscribe`).
    private func deliver(_ itemsFor: (_ userId: Int64) -> [Item]) {
        let full = state.withLock { state in
            var full: [Stream] = []
            for (user, streams) in state.streams {
                let items = itemsFor(user)
                guard !items.isEmpty else { continue }
                for (id, stream) in streams {
                    for item in items {
                        guard case .dropped = stream.yield(item) else { continue }
                        state.streams[user]?[id] = nil
                        full.append(stream)
                        break
                    }
                }
            }
            return full
        }
        for stream in full { stream.finish() }
    }
}
