import Foundation

/// The JSON encoder and decoder settings every module shares, so timestamps and keys look the
/// same everywhere.
public enum JSONCoding {
    /// Encodes `value` to compact JSON bytes, keys in declaration order, nil as `null`.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        try JSONBytesEncoder.encode(value)
    }

    /// Decodes `type` from JSON bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}
