import Foundation
import Logging
import Synchronization
import Testing

@testable import PomoServer

/// The server's log lines read exactly as `StreamLogHandler`'s, which it replaced for speed:
/// the same format, metadata merged and sorted the same way, errors described the same way.
@Suite struct LogLineHandlerTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "the disk is full" }
    }

    final class Lines: TextOutputStream, @unchecked Sendable {
        let lines = Mutex<[String]>([])
        func write(_ string: String) { lines.withLock { $0.append(string) } }
        @Sendable func append(_ string: String) { write(string) }
        var all: [String] { lines.withLock { $0 } }
    }

    /// The same calls, as a request makes them: keys set on the logger, then lines with their own.
    private func exercise(_ base: Logger) {
        var logger = base
        logger.info("starting")
        logger[metadataKey: "hb.request.id"] = .stringConvertible(UInt64(0xfb04_54d4_ac68_e7ac))
        logger[metadataKey: "request_id"] = .string("d69daeed-deda-46cc-93ec-4bf15840efb6")
        logger.info("POST /api/pomodoro/submit 201", metadata: ["duration_ms": .stringConvertible(0.736602)])
        logger.warning("override", metadata: ["request_id": "mine", "list": ["one", "two"], "map": ["k": "v"]])
        logger.error("write failed", error: Failure(), metadata: ["table": "focus_sessions"])
        logger.debug("not written at info")
        logger.critical("from elsewhere", source: "PomoStore")
        logger[metadataKey: "request_id"] = nil
        logger.notice("key removed")
    }

    @Test(arguments: ["pomod", ""]) func linesMatchStreamLogHandlers(label: String) throws {
        var timestamps: [String] = []
        for attempt in 0..<5 {
            // `StreamLogHandler` reads `time()`, which can trail `Date()` by a clock tick just
            // after a second begins: the attempts are spread over ~100 ms.
            if attempt > 0 { usleep(20_000) }
            let theirs = Lines()
            let ours = Lines()
            exercise(Logger(label: label) { _ in StreamLogHandler(label: label, stream: theirs) })
            exercise(Logger(label: label) { _ in LogLineHandler(label: label, output: ours.append) })
            let (a, b) = (theirs.all, ours.all)
            #expect(a.count == 6 && b.count == a.count)
            // Everything after the timestamp is the same; the timestamps are unless a second ended between.
            #expect(a.map { $0.drop { $0 != " " } } == b.map { $0.drop { $0 != " " } })
            if a.map({ $0.prefix { $0 != " " } }) == b.map({ $0.prefix { $0 != " " } }) { return }
            timestamps.append("\(a.first?.prefix(24) ?? "") vs \(b.first?.prefix(24) ?? "")")
        }
        Issue.record("the timestamps differed in five runs: \(timestamps)")
    }

    @Test func timestampIsTheLocalTimeOfTheSecond() {
        let clock = LogClock()
        // 2026-12-03T01:59:04Z; the zone is the machine's, as StreamLogHandler's is.
        let instant = Date(timeIntervalSince1970: 1_796_263_144.9)
        var time = time_t(1_796_263_144)
        var local = tm()
        localtime_r(&time, &local)
        var buffer = [CChar](repeating: 0, count: 64)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        #expect(clock.timestamp(at: instant) == String(cString: buffer))
        #expect(clock.timestamp(at: instant.addingTimeInterval(0.05)) == String(cString: buffer))
        #expect(clock.timestamp(at: instant.addingTimeInterval(0.2)) != String(cString: buffer))
    }
}
