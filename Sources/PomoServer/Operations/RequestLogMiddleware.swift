import Foundation
import Hummingbird
import Logging

/// Gives every request an id (echoed in `X-Request-Id` and in every log line it causes), logs
/// it with its status and duration, and records it in the metrics.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = PomoRequestContext
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.requestId = Self.requestId(from: request)
        context.logger[metadataKey: "request_id"] = .string(context.requestId)
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
        response.headers[.requestId] = context.requestId
        return response
    }

    /// A caller's `X-Request-Id` is kept when it is short and plain; otherwise a new one is made.
    static func requestId(from request: Request) -> String {
        if let given = request.headers[.requestId], (1...64).contains(given.count),
            given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            return given
        }
        return UUID().uuidString.lowercased()
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
