import Foundation
import Testing

@testable import Auth

@Suite struct TokenServiceTests {
    typealias T = TokenCrafting

    func service(_ algorithm: SigningAlgorithm = .hs256, lifetime: Int = 3600) async throws -> TokenService {
        try await TokenService(secret: Array(T.secret.utf8), algorithm: algorithm, lifetimeSeconds: lifetime)
    }

    @Test(arguments: SigningAlgorithm.allCases)
    func issuedTokensRoundTrip(algorithm: SigningAlgorithm) async throws {
        let tokens = try await service(algorithm)
        let token = try await tokens.issue(userID: 42)
        #expect(await tokens.verify(token)?.userID == 42)
        let parts = token.split(separator: ".")
        let header = String(decoding: try #require(Base64URL.decode(parts[0])), as: UTF8.self)
        #expect(header.contains("\"alg\":\"\(algorithm.rawValue)\""))
        let claims = try JSONSerialization.jsonObject(with: try #require(Base64URL.decode(parts[1]))) as? [String: Any]
        #expect(claims?["sub"] as? String == "42")
        let iat = try #require(claims?["iat"] as? Double)
        #expect(claims?["exp"] as? Double == iat + 3600)
        #expect(abs(iat - Date().timeIntervalSince1970) < 5)
    }

    @Test func acceptsAHandCraftedValidToken() async throws {
        let token = T.token(header: T.hs256Header, payload: T.claims(sub: "7"))
        #expect(await try service().verify(token)?.userID == 7)
    }

    @Test func expiresAfterItsLifetime() async throws {
        let tokens = try await service(lifetime: 60)
        let token = try await tokens.issue(userID: 1)
        #expect(await tokens.verify(token, now: Date().addingTimeInterval(30))?.userID == 1)
        #expect(await tokens.verify(token, now: Date().addingTimeInterval(61))?.userID == nil)
    }

    static let rejected: [(String, String)] = [
        ("missing exp", T.token(header: T.hs256Header, payload: T.claims(expiresIn: nil))),
        ("expired", T.token(header: T.hs256Header, payload: T.claims(expiresIn: -1))),
        ("missing iat", T.token(header: T.hs256Header, payload: T.claims(issuedAgo: nil))),
        ("iat in the future", T.token(header: T.hs256Header, payload: T.claims(issuedAgo: -3600))),
        ("missing sub", T.token(header: T.hs256Header, payload: T.claims(sub: nil))),
        ("email as sub", T.token(header: T.hs256Header, payload: T.claims(sub: "alice@example.com"))),
        ("zero sub", T.token(header: T.hs256Header, payload: T.claims(sub: "0"))),
        ("negative sub", T.token(header: T.hs256Header, payload: T.claims(sub: "-1"))),
        ("signed sub", T.token(header: T.hs256Header, payload: T.claims(sub: "+1"))),
        ("numeric sub", T.token(header: T.hs256Header, payload: #"{"sub":1,"exp":9999999999,"iat":1}"#)),
        ("string exp", T.token(header: T.hs256Header, payload: #"{"sub":"1","exp":"9999999999","iat":1}"#)),
        ("alg none", T.token(header: #"{"alg":"none","typ":"JWT"}"#, payload: T.claims(), signature: .none)),
        ("alg none signed", T.token(header: #"{"alg":"none","typ":"JWT"}"#, payload: T.claims())),
        ("no alg", T.token(header: #"{"typ":"JWT"}"#, payload: T.claims())),
        (
            "HS384 token",
            T.token(header: #"{"alg":"HS384","typ":"JWT"}"#, payload: T.claims(), signature: .hs384(T.secret))
        ),
        ("HS512 header on HS256 signature", T.token(header: #"{"alg":"HS512","typ":"JWT"}"#, payload: T.claims())),
        ("lower-case alg", T.token(header: #"{"alg":"hs256","typ":"JWT"}"#, payload: T.claims())),
        ("missing jti", T.token(header: T.hs256Header, payload: T.claims(jti: nil))),
        ("empty jti", T.token(header: T.hs256Header, payload: T.claims(jti: ""))),
        ("jti with a space", T.token(header: T.hs256Header, payload: T.claims(jti: "a b"))),
        ("jti too long", T.token(header: T.hs256Header, payload: T.claims(jti: String(repeating: "j", count: 65)))),
        ("numeric jti", T.token(header: T.hs256Header, payload: #"{"sub":"1","exp":9999999999,"iat":1,"jti":7}"#)),
        ("RS256 header", T.token(header: #"{"alg":"RS256","typ":"JWT"}"#, payload: T.claims())),
        ("other typ", T.token(header: #"{"alg":"HS256","typ":"JWE"}"#, payload: T.claims())),
        ("crit header", T.token(header: #"{"alg":"HS256","crit":["exp"]}"#, payload: T.claims())),
        ("wrong secret", T.token(header: T.hs256Header, payload: T.claims(), signature: .hs256(T.secret + "x"))),
        ("garbage signature", T.token(header: T.hs256Header, payload: T.claims(), signature: .literal("abc"))),
        ("empty signature", T.token(header: T.hs256Header, payload: T.claims(), signature: .literal(""))),
        ("empty", ""),
        ("garbage", "not-a-token"),
        ("two segments", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0"),
        ("four segments", T.token(header: T.hs256Header, payload: T.claims()) + ".x"),
        (
            "padded base64",
            T.token(header: T.hs256Header, payload: T.claims()).replacingOccurrences(of: ".", with: "=.")
        ),
        ("oversized", String(repeating: "a", count: 9000)),
    ]

    @Test(arguments: rejected)
    func rejectsInvalidTokens(name: String, token: String) async throws {
        #expect(await try service().verify(token)?.userID == nil, "\(name)")
    }

    /// Accepted header segments are remembered; that must not make anything else acceptable.
    @Test func aServiceThatHasAcceptedTokensStillRejectsEveryInvalidOne() async throws {
        let tokens = try await service()
        #expect(await tokens.verify(try await tokens.issue(userID: 3))?.userID == 3)
        #expect(await tokens.verify(T.token(header: T.hs256Header, payload: T.claims(sub: "7")))?.userID == 7)
        for (name, token) in Self.rejected {
            #expect(await tokens.verify(token)?.userID == nil, "\(name)")
        }
        #expect(await tokens.verify(try await tokens.issue(userID: 4))?.userID == 4)
    }

    /// A token checked once is kept (`VerifiedTokens`) but still compared with the clock on
    /// every use: it expires, and one issued in the future becomes valid when its time comes.
    @Test func aTokenCheckedBeforeIsStillComparedWithTheClock() async throws {
        let tokens = try await service(lifetime: 60)
        let token = try await tokens.issue(userID: 5)
        #expect(await tokens.verify(token)?.userID == 5)
        #expect(tokens.verifiedTokens.entry(for: token) != nil)
        #expect(await tokens.verify(token, now: Date().addingTimeInterval(61)) == nil)
        #expect(await tokens.verify(token, now: Date().addingTimeInterval(30))?.userID == 5)
        let early = T.token(header: T.hs256Header, payload: T.claims(sub: "6", expiresIn: 7200, issuedAgo: -3600))
        #expect(await tokens.verify(early) == nil)
        #expect(tokens.verifiedTokens.entry(for: early) != nil)
        #expect(await tokens.verify(early, now: Date().addingTimeInterval(3600))?.userID == 6)
    }

    @Test func theKeptTokensAreBounded() async throws {
        let tokens = try await service()
        var last = ""
        for user in 1...(VerifiedTokens.limit + 10) {
            last = try await tokens.issue(userID: Int64(user))
            #expect(await tokens.verify(last) != nil)
        }
        #expect(tokens.verifiedTokens.count == VerifiedTokens.limit)
        #expect(await tokens.verify(last)?.userID == Int64(VerifiedTokens.limit + 10))
    }

    @Test func rejectsATamperedPayload() async throws {
        let tokens = try await service()
        let parts = try await tokens.issue(userID: 1).split(separator: ".")
        let forged = T.base64URL(Data(T.claims(sub: "2").utf8))
        #expect(await tokens.verify("\(parts[0]).\(forged).\(parts[2])")?.userID == nil)
    }

    @Test func refusesShortSecrets() async {
        await #expect(throws: AuthSetupError.self) {
            _ = try await TokenService(secret: Array("short".utf8), algorithm: .hs256, lifetimeSeconds: 60)
        }
        await #expect(throws: AuthSetupError.self) {
            _ = try await TokenService(secret: Array(repeating: 65, count: 31), algorithm: .hs256, lifetimeSeconds: 60)
        }
        await #expect(throws: AuthSetupError.self) {
            _ = try await TokenService(secret: Array(repeating: 65, count: 47), algorithm: .hs384, lifetimeSeconds: 60)
        }
        await #expect(throws: AuthSetupError.self) {
            _ = try await TokenService(secret: Array(repeating: 65, count: 63), algorithm: .hs512, lifetimeSeconds: 60)
        }
        _ = try? await TokenService(secret: Array(repeating: 65, count: 64), algorithm: .hs512, lifetimeSeconds: 60)
    }
}
