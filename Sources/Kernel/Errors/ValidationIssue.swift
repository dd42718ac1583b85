/// One FastAPI-style validation failure: `{"type", "loc", "msg", "input", "ctx"?}`.
public struct ValidationIssue: Sendable, Equatable {
    /// The pydantic error type, e.g. `missing`, `int_parsing`, `greater_than`.
    public var type: String
    /// Where: `["body", "items", 0, "quantity"]`.
    public var loc: [JSONValue]
    /// The human message.
    public var msg: String
    /// The offending input (`null` when missing).
    public var input: JSONValue
    /// Constraint context such as `{"gt": 0}`.
    public var ctx: JSONObject?

    public init(type: String, loc: [JSONValue], msg: String, input: JSONValue, ctx: JSONObject? = nil) {
        self.type = type
        self.loc = loc
        self.msg = msg
        self.input = input
        self.ctx = ctx
    }

    /// The issue as rendered in responses: the input of a field that looks secret
    /// (`FieldReader.secretNames`, e.g. a password of the wrong type) is never echoed.
    public var json: JSONValue {
        var object: JSONObject = JSONObject([
            ("type", .string(type)), ("loc", .array(loc)), ("msg", .string(msg)),
            ("input", isSecret && input != .null ? .string("**********") : input),
        ])
        if let ctx { object["ctx"] = .object(ctx) }
        return .object(object)
    }

    private var isSecret: Bool {
        loc.contains {
            guard case .string(let name) = $0 else { return false }
            let lowered = name.lowercased()
            return FieldReader.secretNames.contains { lowered.contains($0) }
        }
    }

    /// `body.items.0.quantity`, for logs and summaries.
    public var locationPath: String {
        loc.map {
            switch $0 {
            case .string(let name): name
            case .int(let index): String(index)
            default: $0.serialized()
            }
        }.joined(separator: ".")
    }
}
