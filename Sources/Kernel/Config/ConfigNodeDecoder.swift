/// Decodes a module's section straight from its `ConfigNode`, reading scalars as the kernel's
/// own sections do (`ConfigScalar`): `"${MINUTES:-60}"` is a whole number and `1` is true, as
/// in `http` and `database`. Only an unquoted `null`, `~` or empty value is null. Problems are
/// `DecodingError`s whose coding path (with list indexes as `intValue`) locates the node.
struct ConfigNodeDecoder: Decoder, SingleValueDecodingContainer {
    let node: ConfigNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// What a section held where a mapping or a list was expected, for messages.
    enum Shape {
        enum Mapping {}
        enum List {}
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let entries = node.entries else { throw mismatch(Shape.Mapping.self) }
        return KeyedDecodingContainer(Keyed(entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = node.value else { throw mismatch(Shape.List.self) }
        return Unkeyed(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { node.isNull }

    /// A scalar type by the kernel's rules, any other type through its own `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard let scalar = type as? any ConfigScalar.Type else { return try T(from: self) }
        if node.isNull {
            throw DecodingError.valueNotFound(
                type, DecodingError.Context(codingPath: codingPath, debugDescription: "found nothing (null)"))
        }
        guard case .scalar(let text) = node.value, let value = scalar.init(configText: text) as? T else {
            throw mismatch(type)
        }
        return value
    }

    private func mismatch(_ expected: Any.Type) -> DecodingError {
        .typeMismatch(
            expected, DecodingError.Context(codingPath: codingPath, debugDescription: "found \(node.summary)"))
    }

    /// A mapping's values by key.
    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let entries: [ConfigNode.Entry]
        let codingPath: [any CodingKey]

        var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

        func contains(_ key: Key) -> Bool { entries.contains { $0.key == key.stringValue } }

        func decodeNil(forKey key: Key) throws -> Bool { try child(key).node.isNull }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

        func nestedContainer<Nested: CodingKey>(keyedBy type: Nested.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<Nested>
        {
            try child(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try child(key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { try child(ConfigKey(stringValue: "super")) }

        func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }

        private func child(_ key: some CodingKey) throws -> ConfigNodeDecoder {
            // The last entry wins, as in `ConfigNode`'s subscript.
            guard let node = entries.last(where: { $0.key == key.stringValue })?.node else {
                throw DecodingError.keyNotFound(
                    key, DecodingError.Context(codingPath: codingPath, debugDescription: "absent"))
            }
            return ConfigNodeDecoder(node: node, codingPath: codingPath + [key])
        }
    }

    /// A list's items in order.
    private struct Unkeyed: UnkeyedDecodingContainer {
        let items: [ConfigNode]
        let codingPath: [any CodingKey]
        var currentIndex = 0

        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        mutating func decodeNil() throws -> Bool {
            let isNull = try current(Any?.self).node.isNull
            if isNull { currentIndex += 1 }
            return isNull
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let value = try current(type).decode(type)
            currentIndex += 1
            return value
        }

        mutating func nestedContainer<Nested: CodingKey>(keyedBy type: Nested.Type) throws
            -> KeyedDecodingContainer<Nested>
        {
            let container = try current(Shape.Mapping.self).container(keyedBy: type)
            currentIndex += 1
            return container
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let container = try current(Shape.List.self).unkeyedContainer()
            currentIndex += 1
            return container
        }

        mutating func superDecoder() throws -> any Decoder {
            let decoder = try current(Any.self)
            currentIndex += 1
            return decoder
        }

        private func current(_ type: Any.Type) throws -> ConfigNodeDecoder {
            let key = ConfigKey(intValue: currentIndex)
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    type,
                    DecodingError.Context(
                        codingPath: codingPath + [key], debugDescription: "the list has no more items"))
            }
            return ConfigNodeDecoder(node: items[currentIndex], codingPath: codingPath + [key])
        }
    }
}

/// A coding key for any mapping key or list index.
struct ConfigKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
