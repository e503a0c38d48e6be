// Without Foundation: its Glibc import would make `stdout` a concurrency error here.
@preconcurrency import Glibc

/// Where log lines go: a C stream, locked for the line and flushed after it, as
/// `StreamLogHandler` does, so that every line is in the file when `log` returns.
struct LogOutput: @unchecked Sendable {
    let file: UnsafeMutablePointer<FILE>

    static let stdout = LogOutput(file: Glibc.stdout)

    @Sendable func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            flockfile(file)
            defer { funlockfile(file) }
            if let base = bytes.baseAddress, !bytes.isEmpty { _ = fwrite(base, 1, bytes.count, file) }
            _ = fflush(file)
        }
    }
}
