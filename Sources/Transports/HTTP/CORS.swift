import HTTPTypes
import Hummingbird

/// CORS from the configured origins: `*` allows any origin (the embedded default), otherwise
/// only listed origins are echoed back. An empty list sends no CORS headers at all.
enum CORS {
    static let allowMethods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"

    static func allowedOrigin(_ origins: [String], request: Request) -> String? {
        guard !origins.isEmpty, let origin = request.headers[.origin] else { return nil }
        if origins.contains("*") { return "*" }
        return origins.contains(origin) ? origin : nil
    }

    static func apply(_ origins: [String], request: Request, to headers: inout HTTPFields) {
        guard let allowed = allowedOrigin(origins, request: request) else { return }
        headers[.accessControlAllowOrigin] = allowed
        if allowed != "*" { headers[.vary] = "Origin" }
    }

    static func preflight(_ origins: [String], request: Request) -> Response? {
        guard request.headers[.accessControlRequestMethod] != nil,
            let allowed = allowedOrigin(origins, request: request)
        else { return nil }
        var headers: HTTPFields = [
            .accessControlAllowOrigin: allowed, .accessControlAllowMethods: allowMethods, .accessControlMaxAge: "600",
            .contentType: "text/plain; charset=utf-8",
        ]
        if let requested = request.headers[.accessControlRequestHeaders] {
            headers[.accessControlAllowHeaders] = requested
        }
        if allowed != "*" { headers[.vary] = "Origin" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: "OK")))
    }
}
