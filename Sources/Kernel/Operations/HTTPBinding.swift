/// The HTTP method of a binding. Kept in the kernel so operations never import an HTTP library.
public enum HTTPMethod: String, Sendable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
}

/// How an operation is exposed over HTTP: method, path template (`/products/{prod_id}`) and the
/// status of a successful answer.
public struct HTTPBinding: Sendable, Equatable {
    public var method: HTTPMethod
    public let path: String
    /// The `{name}` parameters of the path template, in order (parsed once: input readers
    /// consult them for every field of every call).
    public let pathParameters: [String]
    public var status: Int
    /// How the body is read: JSON (default) or an HTML form (OAuth2 password grant).
    public var bodyFormat: BodyFormat
    /// The answer carries credentials (tokens): sent with `Cache-Control: no-store` (RFC 6749
    /// §5.1), so no cache keeps it.
    public var noStore: Bool
    /// Other statuses answered with the same document (an output's `statusOverride`, such as
    /// `/healthz`'s 503), listed in OpenAPI with the success schema.
    public var alsoAnswers: [Int]

    /// Accepted request body encodings.
    public enum BodyFormat: String, Sendable {
        case json
        case form
    }

    public init(
        _ method: HTTPMethod, _ path: String, status: Int = 200, body: BodyFormat = .json, noStore: Bool = false,
        alsoAnswers: [Int] = []
    ) {
        self.method = method
        self.path = path
        self.pathParameters = Self.parameters(in: path)
        self.status = status
        self.bodyFormat = body
        self.noStore = noStore
        self.alsoAnswers = alsoAnswers
    }

    private static func parameters(in path: String) -> [String] {
        path.split(separator: "/").compactMap { segment in
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else { return nil }
            return String(segment.dropFirst().dropLast())
        }
    }

    /// Whether requests of this method carry a body (all but GET and DELETE).
    public var hasBody: Bool { method != .get && method != .delete }

    /// Where a field that is not a path parameter is read from by default.
    public var defaultFieldLocation: FieldLocation { hasBody ? .body : .query }
}
