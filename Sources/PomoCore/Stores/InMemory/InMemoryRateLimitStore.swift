/// Rate limit counters in process memory: for unit tests and a single process only.
public actor InMemoryRateLimitStore: RateLimitStore {
    private var windows: [String: (start: Int64, hits: Int)] = [:]

    public init() {}

    public func hit(key: String, windowStart: Int64) -> Int {
        let current = windows[key]
        let next =
            current.map { $0.start >= windowStart ? ($0.start, $0.hits + 1) : (windowStart, 1) } ?? (windowStart, 1)
        windows[key] = next
        return next.1
    }

    public func refund(key: String, windowStart: Int64) {
        guard let current = windows[key], current.start >= windowStart, current.hits > 0 else { return }
        windows[key] = (current.start, current.hits - 1)
    }

    public func count(key: String, windowStart: Int64) -> Int {
        guard let current = windows[key], current.start >= windowStart else { return 0 }
        return current.hits
    }
}
