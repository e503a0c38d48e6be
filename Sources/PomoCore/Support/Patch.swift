/// One field of a partial update: left alone, cleared, or set. JSON tells the three apart by a
/// key that is absent, present as `null`, or present with a value.
public enum Patch<Value: Sendable>: Sendable {
    case unchanged
    case clear
    case set(Value)

    /// The field's new value given its current one.
    public func applied(to current: Value?) -> Value? {
        switch self {
        case .unchanged: current
        case .clear: nil
        case .set(let value): value
        }
    }

    public var value: Value? {
        if case .set(let value) = self { return value }
        return nil
    }
}

extension Patch: Equatable where Value: Equatable {}

extension KeyedDecodingContainer {
    /// Reads a field of a partial update.
    public func patch<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> Patch<T> {
        guard contains(key) else { return .unchanged }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try decode(T.self, forKey: key))
    }
}
