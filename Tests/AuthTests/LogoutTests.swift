import Foundation
import Kernel
import TestSupport
import Testing

@testable import Auth

/// Logout revokes the token it is called with, on both transports and both databases, and
/// only that token; it answers 204 whatever it is given.
@Suite struct LogoutTests {
    @Test(arguments: Fixture.matrix)
    func logoutRevokesThePresentedTokenOnly(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let email = Fixture.email()
            let first = try await app.signUp(email)
            let second = try #require(try await app.login(email).string("access_token"))
            #expect(first != second)
            #expect(try await app.call("users.me", via: via, token: first).status == 200)

            #expect(try await app.call("auth.logout", via: via, token: first).status == 204)
            for transport in [Via.http, .rpc] {
                let revoked = try await app.call("users.me", via: transport, token: first)
                #expect(revoked.status == 401, "\(transport)")
                #expect(revoked.detail == "Could not validate credentials", "\(transport)")
                #expect(try await app.call("users.me", via: transport, token: second).status == 200, "\(transport)")
            }
            // Again, and with nothing, garbage or another scheme: the same 204, nothing revealed.
            #expect(try await app.call("auth.logout", via: via, token: first).status == 204)
            #expect(try await app.call("auth.logout", via: via).status == 204)
            #expect(try await app.call("auth.logout", via: via, token: "not.a.token").status == 204)
            #expect(try await app.call("users.me", via: via, token: second).status == 200)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func logoutOverHTTPNeedsNoValidToken(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let basic = try await app.http(.post, "/auth/logout", headers: ["Authorization": "Basic dXNlcjpwYXNz"])
            #expect(basic.status == 204)
            #expect(basic.body.isEmpty)
        }
    }

    /// Revocations are kept until their token would have expired, then dropped by the next
    /// logout, so the table does not grow without bound.
    @Test(arguments: TestEnvironment.backends)
    func expiredRevocationsAreForgotten(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let revoked = RevokedTokens(database: app.runtime.database)
            let now = Date()
            try await revoked.revoke("old", expiresAt: now.addingTimeInterval(-10), now: now.addingTimeInterval(-3600))
            try await revoked.revoke("current", expiresAt: now.addingTimeInterval(600), now: now)
            try await revoked.revoke("current", expiresAt: now.addingTimeInterval(600), now: now)  // twice is fine
            let rows = try await app.runtime.database.sql.raw("SELECT jti FROM revoked_tokens ORDER BY jti").all()
            #expect(try rows.map { try $0.decode(column: "jti", as: String.self) } == ["current"])
        }
    }
}
