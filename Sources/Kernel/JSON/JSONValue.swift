/// A JSON document as a value, used where the shape is only known at run time: the merged
/// input of an operation, JSON-RPC envelopes, validation details and generated schemas.
///
/// Objects keep their members in insertion order so that generated documents read the way
/// they were declared.
///
/// ```swift
/// let value: JSONValue = ["detail": "Not Found"]
/// value.serialized()  // {"detail":"Not Found"}
/// ```
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The string payload, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object payload, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// A short JSON type name for error messages ("object", "string", ...).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

/// An insertion-ordered JSON object with lookup by key.
public struct JSONObject: Sendable, Equatable, Sequence {
    public private(set) var members: [(key: String, value: JSONValue)] = []
    /// Positions by key, kept only from `indexedFrom` members on: a small object (every request
    /// body and parameter list) is searched directly, which is cheaper than hashing its keys.
    private var index: [String: Int] = [:]
    private static let indexedFrom = 16

    /// An empty object.
    public init() {}

    /// An object with these members, in order; a repeated key keeps the last value.
    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let position = position(of: key) {
                if let newValue {
                    members[position].value = newValue
                } else {
                    members.remove(at: position)
                    reindex()
                }
            } else if let newValue {
                members.append((key, newValue))
                if members.count == Self.indexedFrom {
                    reindex()
                } else if members.count > Self.indexedFrom {
                    index[key] = members.count - 1
                }
            }
        }
    }

    private func position(of key: String) -> Int? {
        members.count < Self.indexedFrom ? members.firstIndex { $0.key == key } : index[key]
    }

    private mutating func reindex() {
        index =
            members.count < Self.indexedFrom
            ? [:] : Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.key, $0) })
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        members.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
