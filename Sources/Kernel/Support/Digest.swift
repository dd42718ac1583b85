import Crypto

/// Cryptographic digests for modules, which depend on the kernel alone (fingerprints of
/// idempotent requests, checksums).
///
/// ```swift
/// let fingerprint = Digest.sha256Hex(Array(canonicalRequest.utf8))   // 64 lower-case hex digits
/// ```
public enum Digest {
    /// The SHA-256 of `bytes` as 64 lower-case hexadecimal digits.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The HMAC-SHA256 of `message` under `key` as 64 lower-case hexadecimal digits (signed
    /// opaque tokens).
    public static func hmacSHA256Hex(key: [UInt8], _ message: [UInt8]) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// The SHA-1 of `bytes` as 40 lower-case hexadecimal digits: how Redis names a script
    /// (`RedisScript`), never for anything that needs a secure digest.
    static func sha1Hex(_ bytes: [UInt8]) -> String {
        hex(Insecure.SHA1.hash(data: bytes))
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
