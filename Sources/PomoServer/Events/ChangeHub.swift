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
        let items: AsyncStream<Item>
    }

    private struct Subscriber {
        var userId: Int64
        var continuation: AsyncStream<Item>.Continuation
    }

    private struct State {
        var cursor = ChangeCursor.start
        var started = false
        var nextId: UInt64 = 0
        var subscribers: [UInt64: Subscriber] = [:]
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
    private let logger: Logger
    static let buffer = 256

    init(
        database: PomoDatabase, feed: any ChangeFeedStore, presence: any PresenceStore, clock: any PomoClock,
        focusingNow: @escaping @Sendable () async throws -> Int, perUser: Int, heartbeat: Duration, logger: Logger
    ) {
        self.database = database
        self.feed = feed
        self.presence = presence
        self.clock = clock
        self.focusingNow = focusingNow
        self.perUser = perUser
        self.heartbeat = heartbeat
        self.logger = logger
    }

    /// A new stream for `userId`, or 429 past the cap of open streams per user.
    func subscribe(userId: Int64) throws -> Subscription {
        let (items, continuation) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingOldest(Self.buffer))
        let id: UInt64 = try state.withLock { state in
            guard state.subscribers.values.count(where: { $0.userId == userId }) < perUser else {
                throw AppError(
                    .tooManyRequests(retryAfterSeconds: 5),
                    "At most \(perUser) event streams per user are open at once (POMO_EVENT_STREAMS_PER_USER)")
            }
            state.nextId += 1
            state.subscribers[state.nextId] = Subscriber(userId: userId, continuation: continuation)
            return state.nextId
        }
        // The reader went away (the client disconnected): the hub forgets the stream.
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return Subscription(id: id, items: items)
    }

    func unsubscribe(_ id: UInt64) {
        let gone = state.withLock { $0.subscribers.removeValue(forKey: id) }
        gone?.continuation.finish()
    }

    var openStreams: Int { state.withLock { $0.subscribers.count } }

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
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in open { subscriber.continuation.finish() }
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
                send(.heartbeat)
            }
        }
    }

    /// Reads what was committed since the last round and hands it out.
    private func dispatchNewChanges() async throws {
        if !state.withLock({ $0.started }) {
            let end = try await feed.end()
            state.withLock {
                $0.cursor = end
                $0.started = true
            }
        }
        while true {
            let cursor = state.withLock { $0.cursor }
            let changes = try await feed.changes(after: cursor, limit: 500)
            guard let last = changes.last else { return }
            var moved: Set<Int64> = []
            let dropped = state.withLock { state in
                state.cursor = last.cursor
                var dropped: [Subscriber] = []
                for change in changes {
                    for (id, subscriber) in state.subscribers where subscriber.userId == change.userId {
                        dropped += Self.deliver(.change(change), to: id, subscriber, in: &state)
                    }
                    if change.entityType == "session", !change.kind.hasSuffix(".updated") {
                        moved.insert(change.userId)
                    }
                }
                return dropped
            }
            for subscriber in dropped { subscriber.continuation.finish() }
            if !moved.isEmpty { try await announcePresence(of: moved) }
            if changes.count < 500 { return }
        }
    }

    /// After sessions started or stopped: the count to every stream when it changed, and the
    /// team list to the streams of those who share a team with whoever moved.
    private func announcePresence(of moved: Set<Int64>) async throws {
        let count = try await focusingNow()
        let watching = try await presence.teammates(of: moved)
        let listening = state.withLock { state in Set(state.subscribers.values.map(\.userId)) }
        var teams: [Int64: [FocusingMember]] = [:]
        for user in watching.intersection(listening) {
            teams[user] = try await presence.focusingTeammates(of: user, at: clock.now())
        }
        let dropped = state.withLock { state in
            let countChanged = state.focusing != count
            state.focusing = count
            var dropped: [Subscriber] = []
            for (id, subscriber) in state.subscribers {
                if let team = teams[subscriber.userId] {
                    dropped += Self.deliver(.presence(count: count, team: team), to: id, subscriber, in: &state)
                } else if countChanged {
                    dropped += Self.deliver(.presence(count: count, team: nil), to: id, subscriber, in: &state)
                }
            }
            return dropped
        }
        for subscriber in dropped { subscriber.continuation.finish() }
    }

    private func send(_ item: Item) {
        let dropped = state.withLock { state in
            var dropped: [Subscriber] = []
            for (id, subscriber) in state.subscribers { dropped += Self.deliver(item, to: id, subscriber, in: &state) }
            return dropped
        }
        for subscriber in dropped { subscriber.continuation.finish() }
    }

    /// A stream whose buffer is full is taken out, to be ended once the lock is let go (ending it
    /// calls back into `unsubscribe`).
    private static func deliver(_ item: Item, to id: UInt64, _ subscriber: Subscriber, in state: inout State)
        -> [Subscriber]
    {
        guard case .dropped = subscriber.continuation.yield(item) else { return [] }
        state.subscribers[id] = nil
        return [subscriber]
    }
}
