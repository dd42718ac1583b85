import Foundation

/// Writes an `Encodable` value as compact JSON bytes in one pass: the same bytes as
/// `JSONValueEncoder().encode(value).serializedBytes()`, without the tree of nodes and values
/// in between (which cost about 5 µs per product of a listing page, perf).
///
/// The pass follows the way synthesized and hand-written `encode(to:)` methods use an encoder:
/// one container per value, filled before the next value starts. Anything else a custom method
/// may do — a nested or super encoder, a key written twice, a container filled after a later
/// one opened — is left to `JSONValueEncoder`, which encodes the whole value again.
enum JSONBytesEncoder {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        if let bytes = try inOnePass(value) { return bytes }
        return try JSONValueEncoder().encode(value).serializedBytes()
    }

    /// The bytes of `value` from one pass, nil when the pass was abandoned.
    static func inOnePass(_ value: some Encodable) throws -> [UInt8]? {
        let writer = JSONStreamWriter()
        do {
            try StreamEncoder(writer: writer, level: 0, start: 0).encodeValue(value)
        } catch {
            guard writer.abandoned else { throw error }
        }
        return writer.abandoned ? nil : writer.bytes
    }
}

/// The encoder handed to a value's `encode(to:)`: `level` is how many containers enclose the
/// value, `start` where its bytes begin. `codingPath` stays empty (it only names the place of an
/// error, and this encoder throws none of its own); no model of the modules reads it.
private struct StreamEncoder: Encoder {
    let writer: JSONStreamWriter
    let level: Int
    let start: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let serial = writer.open(object: true, level: level, start: start)
        if serial == nil { _ = writer.abandon() }
        return KeyedEncodingContainer(StreamKeyedContainer<Key>(writer: writer, level: level, serial: serial ?? 0))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let serial = writer.open(object: false, level: level, start: start)
        if serial == nil { _ = writer.abandon() }
        return StreamUnkeyedContainer(writer: writer, level: level, serial: serial ?? 0)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamSingleContainer(writer: writer, level: level, start: start)
    }

    /// Writes `value` whole: the values the tree writes as strings, or what its `encode(to:)`
    /// writes, then closes what it opened.
    func encodeValue<T: Encodable>(_ value: T) throws {
        // Type identity rather than `as` casts, which cost a dynamic cast each on every value.
        switch ObjectIdentifier(T.self) {
        case ObjectIdentifier(Date.self): writer.write(Timestamp.format(value as! Date))
        case ObjectIdentifier(Decimal.self): writer.write((value as! Decimal).description)
        case ObjectIdentifier(URL.self): writer.write((value as! URL).absoluteString)
        default:
            try value.encode(to: self)
            try writer.close(level: level, start: start)
        }
    }
}

private struct StreamKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONStreamWriter
    let level: Int
    let serial: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        try writer.member(of: serial, level: level, key: key.stringValue)
        writer.writeNull()
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try writer.member(of: serial, level: level, key: key.stringValue)
        writer.write(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        try writer.member(of: serial, level: level, key: key.stringValue)
        writer.write(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try writer.member(of: serial, level: level, key: key.stringValue)
        writer.write(value)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encode(Double(value), forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encode(Int64(value), forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encode(Int64(value), forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        try writer.member(of: serial, level: level, key: key.stringValue)
        writer.write(value)
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try writer.member(of: serial, level: level, key: key.stringValue)
        try StreamEncoder(writer: writer, level: level + 1, start: writer.bytes.count).encodeValue(value)
    }

    // Optionals are written as null rather than omitted, as by `JSONValueEncoder`.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        _ = writer.abandon()
        return KeyedEncodingContainer(StreamKeyedContainer<NestedKey>(writer: writer, level: level, serial: 0))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        _ = writer.abandon()
        return StreamUnkeyedContainer(writer: writer, level: level, serial: 0)
    }

    mutating func superEncoder() -> any Encoder { abandonedEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { abandonedEncoder() }

    private func abandonedEncoder() -> any Encoder {
        _ = writer.abandon()
        return StreamEncoder(writer: writer, level: level, start: writer.bytes.count)
    }
}

private struct StreamUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: JSONStreamWriter
    let level: Int
    let serial: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.frames.count > level ? writer.frames[level].count : 0 }

    mutating func encodeNil() throws {
        try writer.member(of: serial, level: level, key: nil)
        writer.writeNull()
    }
    mutating func encode(_ value: Bool) throws {
        try writer.member(of: serial, level: level, key: nil)
        writer.write(value)
    }
    mutating func encode(_ value: String) throws {
        try writer.member(of: serial, level: level, key: nil)
        writer.write(value)
    }
    mutating func encode(_ value: Double) throws {
        try writer.member(of: serial, level: level, key: nil)
        writer.write(value)
    }
    mutating func encode(_ value: Int) throws { try encode(Int64(value)) }
    mutating func encode(_ value: Int64) throws {
        try writer.member(of: serial, level: level, key: nil)
        writer.write(value)
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try writer.member(of: serial, level: level, key: nil)
        try StreamEncoder(writer: writer, level: level + 1, start: writer.bytes.count).encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        _ = writer.abandon()
        return KeyedEncodingContainer(StreamKeyedContainer<NestedKey>(writer: writer, level: level, serial: 0))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        _ = writer.abandon()
        return StreamUnkeyedContainer(writer: writer, level: level, serial: 0)
    }

    mutating func superEncoder() -> any Encoder {
        _ = writer.abandon()
        return StreamEncoder(writer: writer, level: level, start: writer.bytes.count)
    }
}

/// A value written alone: one write at the value's own place, else the pass is abandoned
/// (the tree lets a second write replace the first).
private struct StreamSingleContainer: SingleValueEncodingContainer {
    let writer: JSONStreamWriter
    let level: Int
    let start: Int
    var codingPath: [any CodingKey] { [] }

    private func begin() throws {
        guard !writer.abandoned, writer.frames.count == level, writer.bytes.count == start else {
            throw writer.abandon()
        }
    }

    mutating func encodeNil() throws {
        try begin()
        writer.writeNull()
    }
    mutating func encode(_ value: Bool) throws {
        try begin()
        writer.write(value)
    }
    mutating func encode(_ value: String) throws {
        try begin()
        writer.write(value)
    }
    mutating func encode(_ value: Double) throws {
        try begin()
        writer.write(value)
    }
    mutating func encode(_ value: Float) throws { try encode(Double(value)) }
    mutating func encode(_ value: Int) throws { try encode(Int64(value)) }
    mutating func encode(_ value: Int64) throws {
        try begin()
        writer.write(value)
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try StreamEncoder(writer: writer, level: level, start: start).encodeValue(value)
    }
}
