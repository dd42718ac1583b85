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
