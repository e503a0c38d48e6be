import Foundation
import Logging
import Synchronization

/// The server's log lines, one `write` each to standard output, in `StreamLogHandler`'s format
/// (`2026-12-03T01:59:04+0000 info pomod: key=value … [Source] message`) and with its metadata
/// rules, at less cost per request: `StreamLogHandler` formats all of a logger's metadata again
/// each time one key is set (twice per request: Hummingbird's request id and Pomo's), and asks
/// the C library for the local time on every line. Here metadata is formatted only when a line
/// is written, and the timestamp once per second.
public struct LogLineHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: @Sendable (String) -> Void

    /// Standard output, as `StreamLogHandler.standardOutput` writes it.
    public static func standardOutput(label: String) -> LogLineHandler {
        LogLineHandler(label: label, metadataProvider: LoggingSystem.metadataProvider, output: LogOutput.stdout.write)
    }

    init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, output: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        output(line(for: event, at: Date()))
    }

    /// The line `StreamLogHandler` writes for this event, when the local time is `now`.
    func line(for event: LogEvent, at now: Date) -> String {
        var line = LogClock.shared.timestamp(at: now)
        line += " \(event.level)"
        if !label.isEmpty { line += " " + label }
        line += ":"
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, explicit in explicit }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        line += " [\(event.source)] \(event.message)\n"
        return line
    }
}

/// The local time as `StreamLogHandler` writes it (`strftime`'s `%Y-%m-%dT%H:%M:%S%z`), made
/// once per second.
final class LogClock: Sendable {
    static let shared = LogClock()
    private let last = Mutex<(second: Int, text: String)>((Int.min, ""))

    init() {
        // `localtime_r` reads the zone once; `tzset` makes that now, from `TZ` or /etc/localtime.
        tzset()
    }

    func timestamp(at date: Date) -> String {
        let second = Int(date.timeIntervalSince1970.rounded(.down))
        if let text = last.withLock({ $0.second == second ? $0.text : nil }) { return text }
        var time = time_t(second)
        var local = tm()
        guard localtime_r(&time, &local) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        let text = String(cString: buffer)
        last.withLock { $0 = (second, text) }
        return text
    }
}
