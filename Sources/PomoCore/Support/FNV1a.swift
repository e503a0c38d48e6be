/// The 64-bit FNV-1a hash: stable across processes (Swift's `Hasher` is seeded per process), for
/// values that are stored or sent (a submit's digest, a web asset's ETag).
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }

    public mutating func add(_ text: String) {
        add(text.utf8)
    }

    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { add(byte) }
    }
}
