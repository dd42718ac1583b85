import HTTPTypes
import Hummingbird

/// CORS from the configured origins, as Starlette's `CORSMiddleware` answers: `*` allows any
/// origin (the embedded default, like the original), otherwise only listed origins are echoed
/// back, every answer then varies by `Origin` (so that a shared cache never gives one origin's
/// copy to another), and a preflight from an origin not listed is a 400. An empty list sends
/// no CORS headers at all.
enum CORS {
    static let allowMethods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"

    static func allowedOrigin(_ origins: [String], request: Request) -> String? {
        guard !origins.isEmpty, let origin = request.headers[.origin] else { return nil }
        if origins.contains("*") { return "*" }
        return origins.contains(origin) ? origin : nil
    }

    /// Whether answers depend on the request's `Origin`: a list of origins, not `*`.
    private static func varies(_ origins: [String]) -> Bool {
        !origins.isEmpty && !origins.contains("*")
    }

    static func apply(_ origins: [String], request: Request, to headers: inout HTTPFields) {
        if varies(origins) { headers[.vary] = "Origin" }
        guard let allowed = allowedOrigin(origins, request: request) else { return }
        headers[.accessControlAllowOrigin] = allowed
    }

    static func preflight(_ origins: [String], request: Request) -> Response? {
        guard !origins.isEmpty, request.headers[.origin] != nil, request.headers[.accessControlRequestMethod] != nil
        else { return nil }
        var headers: HTTPFields = [
            .accessControlAllowMethods: allowMethods, .accessControlMaxAge: "600",
            .contentType: "text/plain; charset=utf-8",
        ]
        if varies(origins) { headers[.vary] = "Origin" }
        guard let allowed = allowedOrigin(origins, request: request) else {
            return Response(
                status: .badRequest, headers: headers, body: .init(byteBuffer: .init(string: "Disallowed CORS origin")))
        }
        headers[.accessControlAllowOrigin] = allowed
        if let requested = request.headers[.accessControlRequestHeaders] {
            headers[.accessControlAllowHeaders] = requested
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: "OK")))
    }
}
