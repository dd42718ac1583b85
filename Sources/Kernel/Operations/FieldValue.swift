/// A scalar type an input field can have. Conformers say how a JSON value (or a query string)
/// becomes the type, with pydantic's lax rules, and what JSON Schema describes it.
public protocol FieldValue: Sendable {
    /// Converts `value`; `fromText` is true for query and path values, which arrive as strings.
    static func decode(_ value: JSONValue, fromText: Bool) -> Result<Self, FieldFailure>
    /// The JSON Schema of the type, without constraints.
    static var schema: JSONObject { get }
    /// What a recording reader returns while it extracts the schema.
    static var placeholder: Self { get }
    /// The value as a number, for numeric constraints.
    var numericValue: Double? { get }
    /// The length in characters, for length constraints.
    var lengthValue: Int? { get }
    /// The value echoed back as JSON.
    var json: JSONValue { get }
}

extension FieldValue {
    public var numericValue: Double? { nil }
    public var lengthValue: Int? { nil }
}

/// Why a value does not fit a field: pydantic's `type`, `msg` and optional `ctx`.
public struct FieldFailure: Error, Sendable {
    public var type: String
    public var msg: String
    public var ctx: JSONObject?

    public init(type: String, msg: String, ctx: JSONObject? = nil) {
        self.type = type
        self.msg = msg
        self.ctx = ctx
    }
}

extension Int: FieldValue {
    public static func decode(_ value: JSONValue, fromText: Bool) -> Result<Int, FieldFailure> {
        let parsing = FieldFailure(
            type: "int_parsing", msg: "Input should be a valid integer, unable to parse string as an integer")
        switch value {
        case .int(let number): return .success(Int(number))
        case .bool(let flag) where !fromText: return .success(flag ? 1 : 0)
        case .double(let number):
            guard number.isFinite, number.rounded() == number, abs(number) < 9.2e18 else {
                if number.isFinite, number.rounded() == number {
                    return .failure(FieldFailure(type: "int_too_large", msg: "Input integer is too large"))
                }
                return .failure(
                    FieldFailure(
                        type: "int_from_float",
                        msg: "Input should be a valid integer, got a number with a fractional part"))
            }
            return .success(Int(number))
        case .string(let text):
            guard let digits = Self.integerDigits(text.trimmingWhitespace()) else { return .failure(parsing) }
            guard let number = Int(digits) else {
                return .failure(FieldFailure(type: "int_too_large", msg: "Input integer is too large"))
            }
            return .success(number)
        default:
            return .failure(FieldFailure(type: "int_type", msg: "Input should be a valid integer"))
        }
    }
    /// `text` as an optional sign and ASCII digits, if it is an integer as pydantic reads one from
    /// a string: single underscores between digits (`1_000`) and a fraction of zeros (`1.0`,
    /// `-2.00`) are accepted; exponents, other bases and non-ASCII digits are not.
    static func integerDigits(_ text: String) -> String? {
        var whole = Substring(text)
        if let point = whole.firstIndex(of: ".") {
            let fraction = whole[whole.index(after: point)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0 == "0" }) else { return nil }
            whole = whole[..<point]
        }
        var digits = ""
        if let sign = whole.first, sign == "-" || sign == "+" {
            if sign == "-" { digits.append("-") }
            whole = whole.dropFirst()
        }
        var previous: Character?
        for character in whole {
            if character == "_" {
                guard let last = previous, last.isASCII, last.isNumber else { return nil }
            } else {
                guard character.isASCII, character.isNumber else { return nil }
                digits.append(character)
            }
            previous = character
        }
        guard let last = previous, last != "_" else { return nil }
        return digits
    }
    /// `int64`: larger numbers are refused (`int_too_large`), so clients and fuzzers know the range.
    public static var schema: JSONObject { JSONObject([("type", "integer"), ("format", "int64")]) }
    public static var placeholder: Int { 0 }
    public var numericValue: Double? { Double(self) }
    public var json: JSONValue { .int(Int64(self)) }
}

/// Ids the database keeps as `BIGINT` (orders, payments): the rules, errors and schema of `Int`,
/// which is 64 bits wide on every platform the server runs on.
extension Int64: FieldValue {
    public static func decode(_ value: JSONValue, fromText: Bool) -> Result<Int64, FieldFailure> {
        Int.decode(value, fromText: fromText).map(Int64.init)
    }
    public static var schema: JSONObject { Int.schema }
    public static var placeholder: Int64 { 0 }
    public var numericValue: Double? { Double(self) }
    public var json: JSONValue { .int(self) }
}

extension String: FieldValue {
    public static func decode(_ value: JSONValue, fromText: Bool) -> Result<String, FieldFailure> {
        guard case .string(let text) = value else {
            return .failure(FieldFailure(type: "string_type", msg: "Input should be a valid string"))
        }
        // Neither database stores it (PostgreSQL refuses it, SQLite's text ends at it), and no
        // name, address or search term needs it.
        guard !text.utf8.contains(0) else {
            return .failure(
                FieldFailure(type: "value_error", msg: "Value error, String should not contain NUL characters"))
        }
        return .success(text)
    }
    public static var schema: JSONObject { JSONObject([("type", "string")]) }
    public static var placeholder: String { "" }
    /// Code points, as pydantic and PostgreSQL's `VARCHAR(n)` count: one visible character can
    /// be several (an accent combined with its letter).
    public var lengthValue: Int? { unicodeScalars.count }
    public var json: JSONValue { .string(self) }
}

extension Bool: FieldValue {
    public static func decode(_ value: JSONValue, fromText: Bool) -> Result<Bool, FieldFailure> {
        switch value {
        case .bool(let flag): return .success(flag)
        case .int(0) where !fromText, .double(0) where !fromText: return .success(false)
        case .int(1) where !fromText, .double(1) where !fromText: return .success(true)
        case .int where !fromText:
            return .failure(
                FieldFailure(type: "bool_parsing", msg: "Input should be a valid boolean, unable to interpret input"))
        case .string(let text):
            switch text.lowercased() {
            case "true", "1", "yes", "on", "t", "y": return .success(true)
            case "false", "0", "no", "off", "f", "n": return .success(false)
            default: break
            }
            return .failure(
                FieldFailure(type: "bool_parsing", msg: "Input should be a valid boolean, unable to interpret input"))
        default:
            return .failure(FieldFailure(type: "bool_type", msg: "Input should be a valid boolean"))
        }
    }
    public static var schema: JSONObject { JSONObject([("type", "boolean")]) }
    public static var placeholder: Bool { false }
    public var json: JSONValue { .bool(self) }
}

/// A string enumeration field: conform a `String`-backed `CaseIterable` enum to get decoding,
/// the `enum` error message and the schema.
///
/// ```swift
/// enum Sort: String, CaseIterable, FieldEnum {
///     case priceAsc = "price_asc", priceDesc = "price_desc"
///     static let errorType = "literal_error"  // only where the original used `Literal[...]`
/// }
/// ```
public protocol FieldEnum: FieldValue, RawRepresentable, CaseIterable where RawValue == String {
    /// The `type` of the error for a value that is none of the cases: `enum` (pydantic's for an
    /// `Enum`), or `literal_error` for a field the original declared as `Literal[...]`.
    static var errorType: String { get }
}

extension FieldEnum {
    public static var errorType: String { "enum" }

    public static func decode(_ value: JSONValue, fromText: Bool) -> Result<Self, FieldFailure> {
        if case .string(let text) = value, let match = Self(rawValue: text) { return .success(match) }
        let names = allCases.map { "'\($0.rawValue)'" }
        let expected =
            names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
        return .failure(
            FieldFailure(
                type: errorType, msg: "Input should be \(expected)",
                ctx: JSONObject([("expected", .string(expected))])))
    }
    public static var schema: JSONObject {
        JSONObject([("type", "string"), ("enum", .array(allCases.map { .string($0.rawValue) }))])
    }
    public static var placeholder: Self { allCases.first! }
    public var json: JSONValue { .string(rawValue) }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
