import Foundation
import Hummingbird
import Logging

/// Gives every request its id (echoed in `X-Request-Id` and in every log line it causes), logs
/// it with its status and duration, and records it in the metrics.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = PomoRequestContext
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // One id per request: Hummingbird's (`context.id`, in every log line it causes), made
        // the caller's or a random UUID so it can be matched across proxies and restarts.
        var context = context
        let id = Self.requestId(from: request)
        context.logger[metadataKey: "hb.request.id"] = .string(id)
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            // The path without its query: queries may carry secrets.
            let path = request.uri.path
            metrics.record(
                group: HTTPMetrics.group(of: path), method: request.method.rawValue, status: status, duration: elapsed)
            context.logger.info(
                "\(request.method) \(path) \(status)",
                metadata: ["duration_ms": .stringConvertible(elapsed.milliseconds)])
        }
        var response = try await next(request, context)
        status = response.status.code
        response.headers[.requestId] = id
        return response
    }

    /// A caller's `X-Request-Id` is kept when it is short and plain; otherwise a new one is made.
    static func requestId(from request: Request) -> String {
        if let given = request.headers[.requestId], (1...64).contains(given.count),
            given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            return given
        }
        return freshRequestId()
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A random (version 4) UUID in lower case. Foundation's `UUID()` opens and reads
    /// /dev/urandom each time on Linux (three system calls a request); this asks the system's
    /// generator for 16 bytes and writes the 36 characters directly.
    static func freshRequestId() -> String {
        var random = SystemRandomNumberGenerator()
        var high: UInt64 = random.next()
        var low: UInt64 = random.next()
        high = (high & ~0xf000) | 0x4000  // version 4: the 13th hex digit
        low = (low & ~(0xc << 60)) | (0x8 << 60)  // variant 10xx: the 17th
        return String(unsafeUninitializedCapacity: 36) { text in
            var index = 0
            for position in 0..<32 {
                if position == 8 || position == 12 || position == 16 || position == 20 {
                    text[index] = UInt8(ascii: "-")
                    index += 1
                }
                let word = position < 16 ? high : low
                text[index] = hexDigits[Int((word >> UInt64(60 - 4 * (position % 16))) & 0xf)]
                index += 1
            }
            return index
        }
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
