import Hummingbird
import NIOCore

/// Errors that escape every route group (a path no route matches, a method not allowed) are
/// answered in the dialect their path suggests, never as a bare 500. A browser that navigates to
/// a page that does not exist gets a page, with a way home; API clients keep their JSON.
struct FallbackErrorMiddleware: RouterMiddleware {
    typealias Context = PomoRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            if (error as? any HTTPResponseError)?.status == .notFound, Self.isPageRequest(request) {
                return Self.notFoundPage()
            }
            return DialectErrorMiddleware.response(
                for: error, dialect: Dialect.guess(path: request.uri.path), context: context)
        }
    }

    /// A GET for a page: the browser asks for HTML first, and the path is none of the APIs'.
    static func isPageRequest(_ request: Request) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        let accept = request.headers[.accept] ?? ""
        guard accept.hasPrefix("text/html") || accept.hasPrefix("application/xhtml+xml") else { return false }
        let path = request.uri.path
        return !["/api/", "/timemagic/", "/assets/", "/openapi"].contains { path.hasPrefix($0) }
    }

    static func notFoundPage() -> Response {
        var headers = WebAssets.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        let page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Page not found · Pomo</title><link rel="stylesheet" href="/assets/app.css"></head>
            <body><main id="main" class="panel"><h1>Page not found</h1>
            <p>There is no page at this address. <a href="/">Go to Pomo</a>, or to the
            <a href="/docs/api">API documentation</a>.</p></main></body></html>

            """
        return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}
