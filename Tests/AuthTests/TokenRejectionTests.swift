import Kernel
import TestSupport
import Testing

/// Every way a bearer credential can be wrong, presented to `users.me` over both transports.
@Suite struct TokenRejectionTests {
    typealias T = TokenCrafting
    static let header = T.hs256Header

    static func crafted(_ sub: String) -> [(String, String)] {
        let key = Fixture.secret
        return [
            (
                "missing exp",
                T.token(header: header, payload: T.claims(sub: sub, expiresIn: nil), signature: .hs256(key))
            ),
            ("expired", T.token(header: header, payload: T.claims(sub: sub, expiresIn: -5), signature: .hs256(key))),
            (
                "alg none",
                T.token(header: #"{"alg":"none","typ":"JWT"}"#, payload: T.claims(sub: sub), signature: .none)
            ),
            (
                "HS384",
                T.token(header: #"{"alg":"HS384","typ":"JWT"}"#, payload: T.claims(sub: sub), signature: .hs384(key))
            ),
            (
                "HS512 header",
                T.token(header: #"{"alg":"HS512","typ":"JWT"}"#, payload: T.claims(sub: sub), signature: .hs256(key))
            ),
            ("bad signature", T.token(header: header, payload: T.claims(sub: sub), signature: .hs256(key + "!"))),
            ("email sub", T.token(header: header, payload: T.claims(sub: "alice@example.com"), signature: .hs256(key))),
            ("unknown user", T.token(header: header, payload: T.claims(sub: "987654"), signature: .hs256(key))),
            ("garbage", "garbage"),
        ]
    }

    @Test(arguments: Fixture.matrix)
    func rejectsCraftedTokens(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let user = try await app.admin.createUser(email: Fixture.email(), password: Fixture.password)
            let sub = String(user.id)
            // The control: a hand-made token with the right key and claims works.
            let good = T.token(header: Self.header, payload: T.claims(sub: sub), signature: .hs256(Fixture.secret))
            #expect(try await app.call("users.me", via: via, token: good).status == 200)
            for (name, token) in Self.crafted(sub) {
                let reply = try await app.call("users.me", via: via, token: token)
                #expect(reply.status == 401, "\(name)")
                #expect(reply.detail == "Could not validate credentials", "\(name)")
                if via == .http { #expect(reply.wwwAuthenticate == "Bearer", "\(name)") }
            }
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func deletedUsersTokensAreRejected(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let email = Fixture.email()
            let token = try await app.signUp(email)
            try await app.runtime.database.sql.raw("DELETE FROM users WHERE email = \(bind: email)").run()
            let reply = try await app.call("users.me", via: .http, token: token)
            #expect(reply.status == 401)
            #expect(reply.detail == "Could not validate credentials")
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func missingOrForeignSchemesAreNotAuthenticated(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let token = try await app.signUp(Fixture.email())
            for authorization in [nil, "Basic dXNlcjpwYXNz", "Token \(token)", "\(token)"] {
                let response = try await app.http(
                    .get, "/users/me", headers: authorization.map { ["Authorization": $0] } ?? [:])
                #expect(response.status == 401)
                #expect(response.json == ["detail": "Not authenticated"])
                #expect(response.header("WWW-Authenticate") == "Bearer")
            }
            let empty = try await app.http(.get, "/users/me", headers: ["Authorization": "Bearer "])
            #expect(empty.status == 401)
            #expect(empty.json == ["detail": "Could not validate credentials"])
            let lowercase = try await app.http(.get, "/users/me", headers: ["Authorization": "bearer \(token)"])
            #expect(lowercase.status == 200)
            let rpc = try await app.call("users.me", via: .rpc)
            #expect(rpc.status == 401)
            #expect(rpc.detail == "Not authenticated")
        }
    }
}
