/// Lower-case hex of bytes, by table: `String(format: "%02x")` a byte at a time goes through
/// Foundation's formatter (varargs, a string per byte) and cost more than the digest itself.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
