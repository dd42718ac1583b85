/// Refuses keys a module's config section does not know, so a misspelt key cannot silently
/// leave a setting at its default.
///
/// ```swift
/// public init(from decoder: any Decoder) throws {
///     try ModuleConfigKeys.rejectUnknown(in: decoder, known: CodingKeys.allCases.map(\.rawValue), module: "catalog")
///     ...
/// }
/// ```
public enum ModuleConfigKeys {
    /// Throws a decoding error naming the first unknown key and the known ones.
    public static func rejectUnknown(in decoder: any Decoder, known: [String], module: String) throws {
        let all = try decoder.container(keyedBy: ConfigKey.self)
        for key in all.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath + [key],
                    debugDescription:
                        "is not a setting of the \(module) module; known: \(known.joined(separator: ", "))"
                ))
        }
    }
}

extension KeyedDecodingContainer {
    /// The value of `key`, or `defaultValue` when the section leaves it out. Pass the property's
    /// initial value, so that the default is written once, where the property is declared.
    ///
    /// ```swift
    /// public var provider = "test"
    /// ...
    /// provider = try c.decode(String.self, forKey: .provider, default: provider)
    /// ```
    public func decode<T: Decodable>(_ type: T.Type, forKey key: Key, default defaultValue: T) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? defaultValue
    }

    /// The value of `key`, or `defaultValue` when absent; a value outside `range` is an error
    /// naming the key: `must be between 4 and 31, found 32`.
    public func decode<T: Decodable & Comparable>(
        _ type: T.Type, forKey key: Key, default defaultValue: T, in range: ClosedRange<T>
    ) throws -> T {
        try decode(
            type, forKey: key, default: defaultValue, in: range, "between \(range.lowerBound) and \(range.upperBound)")
    }

    /// The value of `key`, or `defaultValue` when absent; a value below `range` is an error
    /// naming the key: `must be 0 or more, found -1`.
    public func decode<T: Decodable & Comparable>(
        _ type: T.Type, forKey key: Key, default defaultValue: T, in range: PartialRangeFrom<T>
    ) throws -> T {
        try decode(type, forKey: key, default: defaultValue, in: range, "\(range.lowerBound) or more")
    }

    private func decode<T: Decodable & Comparable>(
        _ type: T.Type, forKey key: Key, default defaultValue: T, in range: some RangeExpression<T>, _ bounds: String
    ) throws -> T {
        let value = try decode(type, forKey: key, default: defaultValue)
        guard range.contains(value) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "must be \(bounds), found \(value)")
        }
        return value
    }
}
