import Foundation
import Kernel
import TestSupport
import Testing

/// JWT attacks beyond `TokenRejectionTests`, aimed at a superuser's identity and presented to
/// a user operation and a superuser operation over both transports: every one is a 401 with
/// `Could not validate credentials` (and `WWW-Authenticate: Bearer` over HTTP), never a 403,
/// a 500 or a success.
@Suite struct TokenAttackTests {
    typealias T = TokenCrafting
    static let header = T.hs256Header

    static func attacks(admin: String, userToken: String) -> [(String, String)] {
        func signed(_ payload: String, header: String = Self.header, key: String = Fixture.secret) -> String {
            T.token(header: header, payload: payload, signature: .hs256(key))
        }
        let now = Int(Date().timeIntervalSince1970)
        let parts = userToken.split(separator: ".").map(String.init)
        let claims = T.claims(sub: admin)
        return [
            // The user's own token with the payload swapped for the admin's: the signature no longer fits.
            ("tampered payload", parts[0] + "." + T.base64URL(Data(claims.utf8)) + "." + parts[2]),
            ("signature stripped", parts[0] + "." + parts[1] + "."),
            ("two segments", parts[0] + "." + parts[1]),
            ("four segments", userToken + "." + parts[2]),
            ("no sub", signed(T.claims(sub: nil))),
            ("numeric sub", signed(#"{"sub":\#(admin),"exp":\#(now + 600),"iat":\#(now)}"#)),
            ("zero sub", signed(T.claims(sub: "0"))),
            ("negative sub", signed(T.claims(sub: "-\(admin)"))),
            ("padded sub", signed(T.claims(sub: " \(admin)"))),
            ("overflowing sub", signed(T.claims(sub: "99999999999999999999999"))),
            (
                "not before in the future",
                signed(#"{"sub":"\#(admin)","exp":\#(now + 7200),"iat":\#(now),"nbf":\#(now + 3600)}"#)
            ),
            ("issued in the future", signed(T.claims(sub: admin, expiresIn: 7200, issuedAgo: -3600))),
            ("exp as text", signed(#"{"sub":"\#(admin)","exp":"never","iat":\#(now)}"#)),
            ("typ refresh", signed(claims, header: #"{"alg":"HS256","typ":"refresh+jwt"}"#)),
            ("typ JWE", signed(claims, header: #"{"alg":"HS256","typ":"JWE"}"#)),
            ("crit header", signed(claims, header: #"{"alg":"HS256","typ":"JWT","crit":["exp"]}"#)),
            ("alg missing", signed(claims, header: #"{"typ":"JWT"}"#)),
            ("alg lowercase", signed(claims, header: #"{"alg":"hs256","typ":"JWT"}"#)),
            // RS/HS confusion: an asymmetric algorithm named, an HMAC made with the server's key.
            ("RS256 with HMAC", signed(claims, header: #"{"alg":"RS256","typ":"JWT"}"#)),
            ("ES256 with HMAC", signed(claims, header: #"{"alg":"ES256","typ":"JWT"}"#)),
            (
                "embedded jwk",
                signed(
                    claims, header: #"{"alg":"HS256","typ":"JWT","jwk":{"kty":"oct","k":"YXR0YWNrZXI"}}"#,
                    key: "attacker")
            ),
            (
                "kid to /dev/null",
                signed(claims, header: #"{"alg":"HS256","typ":"JWT","kid":"../../../../dev/null"}"#, key: "")
            ),
            ("the original's default key", signed(claims, key: "secret")),
            ("very long", signed(T.claims(sub: admin) + String(repeating: " ", count: 9_000))),
            ("huge", String(repeating: "A", count: 100_000) + "." + parts[1] + "." + parts[2]),
        ]
    }

    @Test(arguments: Fixture.matrix)
    func forgedAdminTokensAreRejected(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let adminEmail = Fixture.email("admin")
            let admin = try await app.admin.createUser(email: adminEmail, password: Fixture.password, superuser: true)
            let userEmail = Fixture.email()
            let userToken = try await app.signUp(userEmail)
            let promote: JSONObject = ["email": .string(adminEmail)]
            // The control: a well-made token for the admin works on both operations.
            let good = T.token(
                header: Self.header, payload: T.claims(sub: String(admin.id)), signature: .hs256(Fixture.secret))
            #expect(try await app.call("users.me", via: via, token: good).status == 200)
            #expect(try await app.call("users.promote", promote, via: via, token: good).status == 200)
            let attacks = Self.attacks(admin: String(admin.id), userToken: userToken)
            for (name, token) in attacks {
                for (method, params) in [("users.me", JSONObject()), ("users.promote", promote)] {
                    let reply = try await app.call(method, params, via: via, token: token)
                    #expect(reply.status == 401, "\(name) on \(method)")
                    #expect(reply.detail == "Could not validate credentials", "\(name) on \(method)")
                    if via == .http { #expect(reply.wwwAuthenticate == "Bearer", "\(name) on \(method)") }
                }
            }
        }
    }

    @Test(arguments: Fixture.matrix)
    func tokensOfDeletedAndDeactivatedUsersAreRejected(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let deleted = Fixture.email()
            let deletedToken = try await app.signUp(deleted, superuser: true)
            let deactivated = Fixture.email()
            let deactivatedToken = try await app.signUp(deactivated, superuser: true)
            try await app.runtime.database.sql.raw("DELETE FROM users WHERE email = \(bind: deleted)").run()
            _ = try await app.admin.deactivate(email: deactivated)
            for token in [deletedToken, deactivatedToken] {
                for method in ["users.me", "users.promote"] {
                    let reply = try await app.call(method, ["email": .string(deactivated)], via: via, token: token)
                    #expect(reply.status == 401, "\(method)")
                    #expect(reply.detail == "Could not validate credentials")
                    if via == .http { #expect(reply.wwwAuthenticate == "Bearer") }
                }
            }
        }
    }

    @Test func notBeforeInThePastIsAccepted() async throws {
        try await TestApp.auth(.sqlite) { app in
            let user = try await app.admin.createUser(email: Fixture.email(), password: Fixture.password)
            let now = Int(Date().timeIntervalSince1970)
            let payload =
                #"{"sub":"\#(user.id)","exp":\#(now + 600),"iat":\#(now - 60),"nbf":\#(now - 60),"jti":"nbf-test"}"#
            let token = T.token(header: Self.header, payload: payload, signature: .hs256(Fixture.secret))
            #expect(try await app.call("users.me", via: .http, token: token).status == 200)
        }
    }
}
