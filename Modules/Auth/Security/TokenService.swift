import Foundation
import JWTKit
import Kernel
import Synchronization

/// The HMAC algorithms an access token may be signed with (`auth.jwt_algorithm`).
public enum SigningAlgorithm: String, Sendable, CaseIterable {
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"

    var digest: DigestAlgorithm {
        switch self {
        case .hs256: .sha256
        case .hs384: .sha384
        case .hs512: .sha512
        }
    }

    /// RFC 7518 §3.2: the key must be at least as long as the hash output (JWTKit asserts it in
    /// debug builds and silently accepts shorter keys in release builds).
    public var minimumKeyBytes: Int {
        switch self {
        case .hs256: 32
        case .hs384: 48
        case .hs512: 64
        }
    }
}

/// The claims of an access token, all required: the user id as `sub`, `exp`, `iat`, and `jti`,
/// a random id that logout revokes. `sid` names the session (`AuthSessions`) the token was
/// issued in; tokens issued before sessions existed have none. `nbf` is never issued but
/// honoured when present (RFC 7519 §4.1.5).
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var jti: IDClaim? = nil
    var sid: String? = nil
    var nbf: NotBeforeClaim? = nil

    /// Expiry is checked by `TokenService` against its own clock (testable).
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// What a valid access token says.
struct VerifiedToken: Sendable, Equatable {
    var userID: Int64
    /// The `jti` claim, which logout revokes.
    var tokenID: String
    /// The `sid` claim: the session the token belongs to.
    var sessionID: String? = nil
    var expiresAt: Date
}

/// Issues and checks access tokens (JWTKit, HMAC). Unlike the original, `sub` is the stable
/// user id, `exp` is mandatory, and the header must name exactly the configured algorithm.
struct TokenService: Sendable {
    /// Longer credentials are not looked at.
    static let maximumTokenBytes = 8192

    let algorithm: SigningAlgorithm
    let lifetimeSeconds: Int
    private let keys: JWTKeyCollection
    private let acceptedHeaders = AcceptedHeaders()
    let verifiedTokens = VerifiedTokens()

    init(secret: [UInt8], algorithm: SigningAlgorithm, lifetimeSeconds: Int) async throws {
        guard secret.count >= algorithm.minimumKeyBytes else {
            throw AuthSetupError(
                "the secret key is \(secret.count) bytes long but \(algorithm.rawValue) needs at least "
                    + "\(algorithm.minimumKeyBytes); set a longer SECRET_KEY (auth.secret_key) or choose HS256")
        }
        self.algorithm = algorithm
        self.lifetimeSeconds = lifetimeSeconds
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: algorithm.digest)
    }

    /// A signed token for `userID` in session `sessionID`, valid from `now` for the configured
    /// lifetime.
    func issue(userID: Int64, session sessionID: String? = nil, now: Date = Date()) async throws -> String {
        let issued = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let claims = AccessClaims(
            sub: SubjectClaim(value: String(userID)),
            exp: ExpirationClaim(value: issued.addingTimeInterval(TimeInterval(lifetimeSeconds))),
            iat: IssuedAtClaim(value: issued),
            jti: IDClaim(value: Self.randomID()),
            sid: sessionID)
        return try await keys.sign(claims, header: ["alg": .string(algorithm.rawValue), "typ": "JWT"])
    }

    /// The claims of a valid token, or nil for anything else: malformed (a segment not in
    /// canonical unpadded base64url too), another algorithm (`none` included), a bad signature,
    /// missing or past `exp`, missing `iat`, `iat` or `nbf` in the future (beyond a minute of
    /// clock skew), a bad `sub`, a `jti` that is missing or not 1...64 visible ASCII characters,
    /// or a `sid` that is not either. A token checked before is only compared with the clock.
    func verify(_ token: String, now: Date = Date()) async -> VerifiedToken? {
        guard token.utf8.count <= Self.maximumTokenBytes else { return nil }
        if let entry = verifiedTokens.entry(for: token) { return entry.valid(at: now) }
        guard let entry = await check(token) else { return nil }
        verifiedTokens.insert(entry, for: token)
        return entry.valid(at: now)
    }

    /// What `token` says when everything but its times is valid.
    private func check(_ token: String) async -> VerifiedTokens.Entry? {
        // JWTKit also decodes padded or otherwise non-canonical base64url, so one token would
        // have several spellings; RFC 7515 §2 allows only the unpadded canonical one.
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, segments.allSatisfy(Base64URL.isCanonical), headerIsAcceptable(segments[0]) else {
            return nil
        }
        guard let claims = try? await keys.verify(token, as: AccessClaims.self) else { return nil }
        let subject = claims.sub.value
        guard subject.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let id = Int64(subject), id > 0
        else { return nil }
        guard let tokenID = claims.jti?.value, Self.isTokenID(tokenID) else { return nil }
        if let session = claims.sid, !Self.isTokenID(session) { return nil }
        return VerifiedTokens.Entry(
            token: VerifiedToken(userID: id, tokenID: tokenID, sessionID: claims.sid, expiresAt: claims.exp.value),
            issuedAt: claims.iat.value, notBefore: claims.nbf?.value)
    }

    /// 1...64 visible ASCII characters: what a `jti` or `sid` may be.
    private static func isTokenID(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// 128 random bits, hex: 32 characters (token and session ids).
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// JWTKit verifies with the configured key whatever the header says; the header must still
    /// name that algorithm, may only say `typ: JWT`, and must not demand extensions (`crit`).
    private func headerIsAcceptable(_ segment: Substring) -> Bool {
        if acceptedHeaders.contains(segment) { return true }
        guard let json = Base64URL.decode(segment), let header = try? JSONDecoder().decode(Header.self, from: json),
            header.alg == algorithm.rawValue, header.crit == nil, header.typ == nil || header.typ?.uppercased() == "JWT"
        else { return false }
        acceptedHeaders.insert(segment)
        return true
    }

    /// Header segments already decoded and found acceptable. Every token this service issues
    /// carries the same one, so it is decoded once instead of on every request (measured with
    /// perf under `POST /orders`: decoding it was 2.7% of the server's CPU). At most `limit`
    /// are kept, so odd but acceptable headers only cost their decoding.
    private final class AcceptedHeaders: Sendable {
        static let limit = 8
        private let segments = Mutex<[String]>([])

        func contains(_ segment: Substring) -> Bool {
            segments.withLock { $0.contains { $0 == segment } }
        }

        func insert(_ segment: Substring) {
            segments.withLock {
                if $0.count < Self.limit, !$0.contains(where: { $0 == segment }) { $0.append(String(segment)) }
            }
        }
    }

    private struct Header: Decodable {
        var alg: String
        var typ: String?
        var crit: [String]?
    }
}

/// A configuration problem found while booting the module.
struct AuthSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
