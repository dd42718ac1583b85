/// Where a field of an operation's input comes from on the HTTP side. JSON-RPC has one params
/// object, but reports problems with the same locations so both transports say the same thing.
public enum FieldLocation: String, Sendable {
    case path
    case query
    case body
    case header
}

/// The raw, untyped input of one call: HTTP path parameters, query and body, or JSON-RPC params.
/// Operations never see it; their `Input` type reads it through a `FieldReader`.
public struct InputBag: Sendable {
    /// The request body as the transport received it.
    public enum Body: Sendable {
        /// No body at all.
        case absent
        /// A JSON object or a decoded form.
        case object(JSONObject)
        /// JSON that is not an object (`[]`, `"x"`, `3`): FastAPI's `model_attributes_type`.
        case notObject(JSONValue)
    }

    public var path: [String: String]
    public var query: [String: String]
    public var body: Body
    /// Request headers that operations declared (lower-cased names).
    public var headers: [String: String] = [:]
    /// Set for JSON-RPC: every field is read from these params, whatever its HTTP location.
    public var params: JSONObject?
    /// The body is a form (FastAPI reports a missing form field with a null `input`, a missing
    /// JSON member with the whole object).
    public var bodyIsForm = false

    /// An HTTP request's input.
    public init(path: [String: String] = [:], query: [String: String] = [:], body: Body = .absent) {
        self.path = path
        self.query = query
        self.body = body
        self.params = nil
    }

    /// A JSON-RPC request's by-name params.
    public init(params: JSONObject) {
        self.path = [:]
        self.query = [:]
        self.body = .absent
        self.params = params
    }
}
