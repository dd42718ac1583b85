/// A constraint on an input field, checked on decode and published in the schema, with
/// pydantic's error types and messages.
public enum FieldConstraint: Sendable {
    case gt(Int)
    case ge(Int)
    case lt(Int)
    case le(Int)
    case minLength(Int)
    case maxLength(Int)
    /// Only the characters from space to `~` (keys and tokens clients make up: a header value
    /// that is not valid UTF-8 must not turn into one of `U+FFFD`s that other keys share).
    case printableASCII

    static let printableASCIIPattern = "^[ -~]*$"

    func check(_ value: some FieldValue) -> FieldFailure? {
        switch self {
        case .gt(let bound):
            guard let number = value.numericValue, number <= Double(bound) else { return nil }
            return FieldFailure(
                type: "greater_than", msg: "Input should be greater than \(bound)", ctx: ["gt": .int(Int64(bound))])
        case .ge(let bound):
            guard let number = value.numericValue, number < Double(bound) else { return nil }
            return FieldFailure(
                type: "greater_than_equal", msg: "Input should be greater than or equal to \(bound)",
                ctx: ["ge": .int(Int64(bound))])
        case .lt(let bound):
            guard let number = value.numericValue, number >= Double(bound) else { return nil }
            return FieldFailure(
                type: "less_than", msg: "Input should be less than \(bound)", ctx: ["lt": .int(Int64(bound))])
        case .le(let bound):
            guard let number = value.numericValue, number > Double(bound) else { return nil }
            return FieldFailure(
                type: "less_than_equal", msg: "Input should be less than or equal to \(bound)",
                ctx: ["le": .int(Int64(bound))])
        case .minLength(let bound):
            guard let length = value.lengthValue, length < bound else { return nil }
            let unit = bound == 1 ? "character" : "characters"
            return FieldFailure(
                type: "string_too_short", msg: "String should have at least \(bound) \(unit)",
                ctx: ["min_length": .int(Int64(bound))])
        case .maxLength(let bound):
            guard let length = value.lengthValue, length > bound else { return nil }
            let unit = bound == 1 ? "character" : "characters"
            return FieldFailure(
                type: "string_too_long", msg: "String should have at most \(bound) \(unit)",
                ctx: ["max_length": .int(Int64(bound))])
        case .printableASCII:
            guard let text = value as? String, !text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
                return nil
            }
            return FieldFailure(
                type: "string_pattern_mismatch", msg: "String should match pattern '\(Self.printableASCIIPattern)'",
                ctx: ["pattern": .string(Self.printableASCIIPattern)])
        }
    }

    func apply(to schema: inout JSONObject) {
        switch self {
        case .gt(let bound): schema["exclusiveMinimum"] = .int(Int64(bound))
        case .ge(let bound): schema["minimum"] = .int(Int64(bound))
        case .lt(let bound): schema["exclusiveMaximum"] = .int(Int64(bound))
        case .le(let bound): schema["maximum"] = .int(Int64(bound))
        case .minLength(let bound): schema["minLength"] = .int(Int64(bound))
        case .maxLength(let bound): schema["maxLength"] = .int(Int64(bound))
        case .printableASCII: schema["pattern"] = .string(Self.printableASCIIPattern)
        }
    }
}
