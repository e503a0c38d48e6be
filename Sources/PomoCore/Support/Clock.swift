import Foundation
import Synchronization

/// The source of "now" for every rule in Pomo. Pomodoro logic is all about time, so it is
/// injected everywhere and pinned in tests.
public protocol PomoClock: Sendable {
    func now() -> Date
}

public struct SystemClock: PomoClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when a test moves it.
public final class ManualClock: PomoClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_763_800_000)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
