import Kernel

/// Refresh tokens: `<session id>.<generation>.<signature>`, the signature an HMAC-SHA256 of the
/// first two parts under the server's secret key. Opaque to clients, unforgeable, and nothing
/// secret is stored: `AuthSessions` keeps only each session's current generation, so a token
/// from a leaked database row cannot be made, and an earlier token of a session is recognised
/// as genuine (and its reuse ends the session) while a forged one is merely refused.
///
/// ```swift
/// let signer = RefreshTokenSigner(secret: Array(secret.utf8))
/// let token = signer.token(session: "0f3c…", generation: 0)
/// signer.read(token)      // ("0f3c…", 0); nil for anything not signed by this key
/// ```
struct RefreshTokenSigner: Sendable {
    /// Longer tokens are not looked at.
    static let maximumBytes = 160
    private let key: [UInt8]

    init(secret: [UInt8]) {
        key = secret
    }

    func token(session: String, generation: Int64) -> String {
        let body = "\(session).\(generation)"
        return body + "." + signature(body)
    }

    /// The session and generation `token` names, or nil when it is not a well-formed token
    /// signed with this key.
    func read(_ token: String) -> (session: String, generation: Int64)? {
        guard token.utf8.count <= Self.maximumBytes else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 32, parts[0].utf8.allSatisfy(Self.isLowerHex),
            (1...18).contains(parts[1].utf8.count), parts[1].utf8.allSatisfy(Self.isDigit),
            let generation = Int64(parts[1]), String(generation) == parts[1]
        else { return nil }
        let expected = signature("\(parts[0]).\(parts[1])")
        guard Self.equalInConstantTime(Array(parts[2].utf8), Array(expected.utf8)) else { return nil }
        return (String(parts[0]), generation)
    }

    /// Domain-separated from the access tokens' HMAC, whose input is base64url and never has a `:`.
    private func signature(_ body: String) -> String {
        Digest.hmacSHA256Hex(key: key, Array("ecom-refresh:\(body)".utf8))
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
