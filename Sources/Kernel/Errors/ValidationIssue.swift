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

    /// Names whose values are never echoed back: a field or object member whose name contains
    /// one of them is shown as asterisks.
    static let secretNames = ["password", "secret", "token", "idempotency_key", "idempotency-key"]

    /// The issue as rendered in responses (the one place inputs are echoed): the input of a
    /// field that looks secret (a password of the wrong type) is masked, and so are the
    /// secret-looking members of an object input (FastAPI puts the whole object in `input` for
    /// a missing field), at any depth, and a whole body that arrived as text naming a secret
    /// (a JSON object sent as `text/plain`, a form sent to a JSON operation).
    public var json: JSONValue {
        let shown: JSONValue =
            if loc.contains(where: Self.isSecret) && input != .null {
                Self.mask
            } else if loc == ["body"], case .string(let text) = input, Self.isSecret(.string(text)) {
                Self.mask
            } else {
                Self.masked(input)
            }
        var object: JSONObject = JSONObject([
            ("type", .string(type)), ("loc", .array(loc)), ("msg", .string(msg)), ("input", shown),
        ])
        if let ctx { object["ctx"] = .object(ctx) }
        return .object(object)
    }

    private static let mask = JSONValue.string("**********")

    private static func isSecret(_ name: JSONValue) -> Bool {
        guard case .string(let name) = name else { return false }
        let lowered = name.lowercased()
        return secretNames.contains { lowered.contains($0) }
    }

    private static func masked(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            .object(JSONObject(object.map { ($0.key, isSecret(.string($0.key)) ? mask : masked($0.value)) }))
        case .array(let items): .array(items.map(masked))
        default: value
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
