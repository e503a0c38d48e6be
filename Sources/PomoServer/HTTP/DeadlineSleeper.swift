import Synchronization

/// Sleeps that end at their deadline or when their task is cancelled, all served by one timer: a
/// task that wakes every `tick` while anyone sleeps. Each request's body deadline used
/// `Task.sleep`, which sets up and tears down a timer of its own (3 % of a submit's CPU); these
/// deadlines are seconds long and may end up to one tick late.
final class DeadlineSleeper: Sendable {
    static let shared = DeadlineSleeper(tick: .milliseconds(250))

    private enum Entry {
        /// Registered; its continuation is on the way.
        case pending
        case waiting(ContinuousClock.Instant, CheckedContinuation<Void, any Error>)
        /// Cancelled before its continuation arrived.
        case cancelled
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var nextId: UInt64 = 0
        var ticking = false
    }

    private let state = Mutex(State())
    private let tick: Duration

    init(tick: Duration) {
        self.tick = tick
    }

    /// Sleepers not yet woken (for tests).
    var count: Int { state.withLock { $0.entries.count } }

    /// Returns once `deadline` has passed (within a tick), or throws `CancellationError` when the
    /// task is cancelled first. Whoever removes an entry resumes it, so each resumes once.
    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            defer { state.nextId += 1 }
            state.entries[state.nextId] = .pending
            return state.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (cancelled, startTicking) = state.withLock { state -> (Bool, Bool) in
                    if case .cancelled = state.entries[id] {
                        state.entries[id] = nil
                        return (true, false)
                    }
                    state.entries[id] = .waiting(deadline, continuation)
                    defer { state.ticking = true }
                    return (false, !state.ticking)
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
                if startTicking { Task.detached { await self.runTicks() } }
            }
        } onCancel: {
            let waiting = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                switch state.entries[id] {
                case .pending:
                    state.entries[id] = .cancelled
                    return nil
                case .waiting(_, let continuation):
                    state.entries[id] = nil
                    return continuation
                case .cancelled, nil:
                    return nil
                }
            }
            waiting?.resume(throwing: CancellationError())
        }
    }

    /// Wakes the sleepers whose deadline has passed, every tick, until nobody sleeps.
    private func runTicks() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (due, done) = state.withLock { state -> ([CheckedContinuation<Void, any Error>], Bool) in
                var due: [CheckedContinuation<Void, any Error>] = []
                for (id, entry) in state.entries {
                    guard case .waiting(let deadline, let continuation) = entry, deadline <= now else { continue }
                    due.append(continuation)
                    state.entries[id] = nil
                }
                if state.entries.isEmpty { state.ticking = false }
                return (due, state.entries.isEmpty)
            }
            for continuation in due { continuation.resume() }
            if done { return }
        }
    }
}
