import Synchronization

/// A thread-safe memo of values by key that starts over when it holds `capacity` entries: for
/// results that are pure functions of their key (a decoded document, a verified token), where an
/// occasional recomputation costs less than bookkeeping an eviction order. Inlinable, so that
/// callers in other modules get it specialized for their types (unspecialized, its metadata
/// lookups showed in a submit's profile).
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let capacity: Int
    @usableFromInline let entries = Mutex<[Key: Value]>([:])

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value for `key`, computed by `make` on a miss and remembered.
    @inlinable public func value(for key: Key, _ make: () throws -> Value) rethrows -> Value {
        if let known = entries.withLock({ $0[key] }) { return known }
        let value = try make()
        insert(value, for: key)
        return value
    }

    @inlinable public subscript(key: Key) -> Value? {
        entries.withLock { $0[key] }
    }

    @inlinable public func insert(_ value: Value, for key: Key) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }
}
