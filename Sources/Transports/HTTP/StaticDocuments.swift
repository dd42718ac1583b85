import Hummingbird
import Kernel
import NIOCore

/// The documents served beside the operations: the OpenAPI schema, its two viewers and the
/// Prometheus metrics (not operations, so in neither OpenAPI nor OpenRPC).
struct StaticDocuments: Sendable {
    let openAPI: ByteBuffer

    init(table: OperationTable) {
        openAPI = ByteBuffer(bytes: OpenAPIDocument.generate(table).serializedBytes())
    }

    /// The documents' paths.
    static let paths: Set<String> = ["/openapi.json", "/metrics", "/docs", "/redoc"]

    func response(for path: String) -> Response? {
        switch path {
        case "/openapi.json":
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: openAPI))
        case "/metrics":
            return Response(
                status: .ok, headers: [.contentType: AppMetrics.contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: AppMetrics.render())))
        case "/docs":
            return html(Self.swaggerUI)
        case "/redoc":
            return html(Self.redoc)
        default:
            return nil
        }
    }

    private func html(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: .init(string: text)))
    }

    static let swaggerUI = """
        <!DOCTYPE html>
        <html><head><title>E-commerce Core API - Swagger UI</title>
        <link type="text/css" rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">
        </head><body><div id="swagger-ui"></div>
        <script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
        <script>
        SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui', layout: 'BaseLayout', deepLinking: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset]})
        </script></body></html>
        """

    static let redoc = """
        <!DOCTYPE html>
        <html><head><title>E-commerce Core API - ReDoc</title><meta charset="utf-8"/></head>
        <body><redoc spec-url="/openapi.json"></redoc>
        <script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"></script>
        </body></html>
        """
}
