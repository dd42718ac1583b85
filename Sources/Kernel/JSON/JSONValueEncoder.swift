import Foundation

/// Encodes `Encodable` values into `JSONValue`, keeping keys in the order the type encodes them
/// (declaration order for synthesized conformances), writing `null` for nil optionals as
/// FastAPI does, and dates as ISO-8601 UTC with microseconds (`2026-11-25T12:34:19.636839Z`).
public struct JSONValueEncoder {
    public init() {}

    /// The JSON value of `value`.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        try encodeNode(value).resolve()
    }

    /// The encoded tree of `value`, with what `SchemaRecorder` needs beyond the JSON.
    func encodeNode(_ value: some Encodable) throws -> EncodingNode {
        let storage = EncodingNode()
        try EncoderImpl(node: storage, codingPath: []).encodeValue(value)
        return storage
    }
}

/// A mutable box for the value being built (encoders hand out containers that write into it).
final class EncodingNode {
    var value: JSONValue = .null
    var array: [EncodingNode] = []
    var children: [(String, EncodingNode)] = []
    /// Written through `encodeIfPresent` (an optional property); read by `SchemaRecorder`.
    var isOptional = false
    /// Written from a `Date`; read by `SchemaRecorder`.
    var isDate = false
    enum Kind { case single, keyed, unkeyed }
    var kind = Kind.single

    func resolve() -> JSONValue {
        switch kind {
        case .single: return value
        case .keyed: return .object(JSONObject(children.map { ($0.0, $0.1.resolve()) }))
        case .unkeyed: return .array(array.map { $0.resolve() })
        }
    }
}

struct EncoderImpl: Encoder {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.kind = .keyed
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.kind = .unkeyed
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }

    func encodeValue(_ value: some Encodable) throws {
        if let special = Self.special(value) {
            node.kind = .single
            node.value = special
            node.isDate = value is Date
        } else {
            try value.encode(to: self)
        }
    }

    static func special(_ value: some Encodable) -> JSONValue? {
        switch value {
        case let date as Date: return .string(Timestamp.format(date))
        case let json as JSONValue: return json
        case let decimal as Decimal: return .string(decimal.description)
        case let url as URL: return .string(url.absoluteString)
        default: return nil
        }
    }
}

struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    var codingPath: [any CodingKey]

    private func child(_ key: Key) -> EncodingNode {
        let child = EncodingNode()
        if let index = node.children.firstIndex(where: { $0.0 == key.stringValue }) {
            node.children[index].1 = child
        } else {
            node.children.append((key.stringValue, child))
        }
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).value = .null }
    mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).value = .bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { child(key).value = .string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { child(key).value = .double(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { child(key).value = .double(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { child(key).value = .int(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { child(key).value = .int(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { child(key).value = .int(Int64(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try EncoderImpl(node: child(key), codingPath: codingPath + [key]).encodeValue(value)
    }
    private func markOptional(_ key: Key) {
        node.children.last { $0.0 == key.stringValue }?.1.isOptional = true
    }

    // Optionals are written as null rather than omitted, like FastAPI's responses.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        defer { markOptional(key) }
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        defer { markOptional(key) }
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        defer { markOptional(key) }
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        defer { markOptional(key) }
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        defer { markOptional(key) }
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        defer { markOptional(key) }
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let node = child(key)
        node.kind = .keyed
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: node, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let node = child(key)
        node.kind = .unkeyed
        return UnkeyedContainer(node: node, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { EncoderImpl(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { EncoderImpl(node: child(key), codingPath: codingPath) }
}

struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var count: Int { node.array.count }

    private func append() -> EncodingNode {
        let child = EncodingNode()
        node.array.append(child)
        return child
    }

    mutating func encodeNil() throws { append().value = .null }
    mutating func encode(_ value: Bool) throws { append().value = .bool(value) }
    mutating func encode(_ value: String) throws { append().value = .string(value) }
    mutating func encode(_ value: Double) throws { append().value = .double(value) }
    mutating func encode(_ value: Int) throws { append().value = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { append().value = .int(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try EncoderImpl(node: append(), codingPath: codingPath).encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let node = append()
        node.kind = .keyed
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: node, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let node = append()
        node.kind = .unkeyed
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { EncoderImpl(node: append(), codingPath: codingPath) }
}

struct SingleContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.value = .null }
    mutating func encode(_ value: Bool) throws { node.value = .bool(value) }
    mutating func encode(_ value: String) throws { node.value = .string(value) }
    mutating func encode(_ value: Double) throws { node.value = .double(value) }
    mutating func encode(_ value: Float) throws { node.value = .double(Double(value)) }
    mutating func encode(_ value: Int) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { node.value = .int(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try EncoderImpl(node: node, codingPath: codingPath).encodeValue(value)
    }
}
