import Synchronization

/// A FIFO lock for async code: SQLite has one writer, so every write transaction waits its turn
/// here instead of spinning on SQLITE_BUSY.
final class AsyncLock: Sendable {
    private struct State {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    func withLock<T>(_ body: () async throws -> T) async rethrows -> T {
        await lock()
        defer { unlock() }
        return try await body()
    }

    /// Whether someone is queued for the lock. Only meaningful to its holder: a task that
    /// arrives after the answer waits for the holder to finish.
    var hasWaiters: Bool {
        state.withLock { !$0.waiters.isEmpty }
    }

    private func lock() async {
        await withCheckedContinuation { continuation in
            let acquired = state.withLock { state in
                if !state.locked {
                    state.locked = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    private func unlock() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.locked = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
