import Foundation
import Kernel
import TestSupport
import Testing

@testable import Auth

/// Refresh tokens on both transports and both databases: login answers a pair, a refresh
/// rotates it, a spent refresh token presented again ends the session (its access tokens too),
/// logout and deactivation end sessions, and nothing forged, malformed or expired is accepted.
@Suite struct RefreshTokenTests {
    @Test(arguments: Fixture.matrix)
    func refreshRotatesThePair(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let email = try await app.account()
            let login = try await app.login(email, via: via)
            #expect(login.status == 200)
            #expect(login.string("token_type") == "bearer")
            #expect(login.int("expires_in") == 86_400)
            let first = try #require(login.string("refresh_token"))

            let refreshed = try await app.refresh(first, via: via)
            #expect(refreshed.status == 200)
            let access = try #require(refreshed.string("access_token"))
            let second = try #require(refreshed.string("refresh_token"))
            #expect(second != first)
            let me = try await app.call("users.me", via: via, token: access)
            #expect(me.status == 200)
            #expect(me.string("email") == email)
            // The new refresh token works once more, and so on.
            let third = try #require(try await app.refresh(second, via: via).string("refresh_token"))
            #expect(try await app.refresh(third, via: via).status == 200)
        }
    }

    /// The first token spent twice: the second attempt is refused and ends the session, so
    /// whoever refreshed first loses the tokens they got too; another login is untouched.
    @Test(arguments: Fixture.matrix)
    func aSpentRefreshTokenEndsTheSession(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let email = try await app.account()
            let login = try await app.login(email)
            let loginAccess = try #require(login.string("access_token"))
            let spent = try #require(login.string("refresh_token"))
            let other = try #require(try await app.login(email).string("access_token"))

            let rotated = try await app.refresh(spent, via: via)
            let access = try #require(rotated.string("access_token"))
            let next = try #require(rotated.string("refresh_token"))
            #expect(try await app.call("users.me", via: via, token: access).status == 200)

            let replay = try await app.refresh(spent, via: via)
            #expect(replay.status == 401)
            #expect(replay.detail == "Invalid refresh token")
            #expect(try await app.refresh(next, via: via).status == 401)
            for token in [access, loginAccess] {
                for transport in [Via.http, .rpc] {
                    #expect(try await app.call("users.me", via: transport, token: token).status == 401, "\(transport)")
                }
            }
            #expect(try await app.call("users.me", via: via, token: other).status == 200)
        }
    }

    /// Ten requests race with one refresh token: exactly one gets a new pair, and the others,
    /// presenting a token that is spent by then, end the session.
    @Test(arguments: Fixture.matrix)
    func racingRefreshesRotateOnce(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let email = try await app.account()
            let token = try #require(try await app.login(email).string("refresh_token"))
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<10 { group.addTask { try await app.refresh(token, via: via) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = replies.filter { $0.status == 200 }
            #expect(winners.count == 1)
            #expect(replies.filter { $0.status == 401 }.count == 9)
            let access = try #require(winners.first?.string("access_token"))
            #expect(try await app.call("users.me", via: via, token: access).status == 401)
        }
    }

    @Test(arguments: Fixture.matrix)
    func logoutEndsTheSessionItsTokenBelongsTo(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let email = try await app.account()
            let login = try await app.login(email)
            let loginAccess = try #require(login.string("access_token"))
            let rotated = try await app.refresh(try #require(login.string("refresh_token")), via: via)
            let access = try #require(rotated.string("access_token"))
            let refresh = try #require(rotated.string("refresh_token"))
            let other = try await app.login(email)

            #expect(try await app.call("auth.logout", via: via, token: access).status == 204)
            #expect(try await app.call("users.me", via: via, token: access).status == 401)
            #expect(try await app.call("users.me", via: via, token: loginAccess).status == 401)
            #expect(try await app.refresh(refresh, via: via).status == 401)
            // Another login of the same user goes on.
            #expect(try await app.call("users.me", via: via, token: other.string("access_token")).status == 200)
            #expect(try await app.refresh(try #require(other.string("refresh_token")), via: via).status == 200)
        }
    }

    /// A client whose access token has expired logs out with its refresh token alone; a forged
    /// one ends nothing.
    @Test(arguments: Fixture.matrix)
    func logoutWithTheRefreshTokenAlone(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let email = try await app.account()
            let login = try await app.login(email)
            let access = try #require(login.string("access_token"))
            let refresh = try #require(login.string("refresh_token"))
            let parts = refresh.split(separator: ".")
            let forged = "\(parts[0]).\(parts[1])." + String(repeating: "0", count: 64)
            #expect(try await app.call("auth.logout", ["refresh_token": .string(forged)], via: via).status == 204)
            #expect(try await app.call("users.me", via: via, token: access).status == 200)
            #expect(try await app.call("auth.logout", ["refresh_token": .string(refresh)], via: via).status == 204)
            #expect(try await app.call("users.me", via: via, token: access).status == 401)
            #expect(try await app.refresh(refresh, via: via).status == 401)
        }
    }

    /// A deactivated account cannot refresh, and activating it again does not revive its old
    /// sessions.
    @Test(arguments: TestEnvironment.backends)
    func deactivationEndsEverySession(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let email = try await app.account()
            let refresh = try #require(try await app.login(email).string("refresh_token"))
            _ = try await app.admin.deactivate(email: email)
            #expect(try await app.refresh(refresh).status == 401)
            _ = try await app.admin.activate(email: email)
            #expect(try await app.refresh(refresh).status == 401)
            #expect(try await app.login(email).status == 200)
        }
    }

    /// Forged and malformed tokens are refused without ending the session they name: only a
    /// genuine earlier token proves a copy.
    @Test(arguments: Fixture.matrix)
    func forgedAndMalformedTokensAreRefused(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let email = try await app.account()
            let token = try #require(try await app.login(email).string("refresh_token"))
            let parts = token.split(separator: ".").map(String.init)
            let foreign = RefreshTokenSigner(secret: Array(String(repeating: "k", count: 32).utf8))
            let forged = [
                "", "garbage", token + "x", String(token.dropLast()), parts[0] + "." + parts[1],
                parts[0] + ".-1." + parts[2], parts[0] + ".01." + parts[2],
                parts[0].uppercased() + "." + parts[1] + "." + parts[2],
                foreign.token(session: parts[0], generation: 0), foreign.token(session: parts[0], generation: 1),
                String(repeating: "a", count: 10_000),
            ]
            for candidate in forged {
                let reply = try await app.refresh(candidate, via: via)
                #expect(reply.status == 401, "\(candidate.prefix(80))")
                #expect(reply.detail == "Invalid refresh token")
            }
            // An access token is not a refresh token.
            let access = try #require(try await app.login(email).string("access_token"))
            #expect(try await app.refresh(access, via: via).status == 401)
            // The session is intact.
            #expect(try await app.refresh(token, via: via).status == 200)
            // A missing token or a wrong grant type is a validation error.
            #expect(try await app.call("auth.refresh", [:], via: via).status == 422)
            let wrongGrant: JSONObject = ["refresh_token": .string(token), "grant_type": "password"]
            #expect(try await app.call("auth.refresh", wrongGrant, via: via).status == 422)
        }
    }

    /// A refresh token lives `refresh_token_expire_days`, restarted by each refresh; expired
    /// sessions are forgotten once their last access token has expired too.
    @Test(arguments: TestEnvironment.backends)
    func refreshTokensExpire(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let email = Fixture.email()
            let user = try await app.admin.createUser(email: email, password: Fixture.password)
            let sessions = AuthSessions(database: app.runtime.database, lifetime: 3_600, accessLifetime: 600)
            let now = Date()
            let old = try #require(try await sessions.start(userID: user.id, now: now.addingTimeInterval(-7_200)))
            #expect(try await sessions.rotate(old.id, generation: 0, now: now) == .refused)
            let current = try #require(try await sessions.start(userID: user.id, now: now))
            guard case .rotated(_, 1, let expiresAt) = try await sessions.rotate(current.id, generation: 0, now: now)
            else {
                Issue.record("the current session did not rotate")
                return
            }
            #expect(abs(expiresAt.timeIntervalSince(now) - 3_600) < 2)
            // The expired one was dropped by the second start: its last access token (600 s)
            // expired an hour before.
            let rows = try await app.runtime.database.sql.raw(
                "SELECT id FROM auth_sessions WHERE user_id = \(bind: user.id)"
            ).all()
            #expect(try rows.map { try $0.decode(column: "id", as: String.self) } == [current.id])
        }
    }

    /// Answers that carry tokens are not to be stored by any cache (RFC 6749 §5.1).
    @Test func tokenAnswersAreNotStored() async throws {
        try await TestApp.auth(.sqlite) { app in
            let email = try await app.account()
            let login = try await app.http(
                .post, "/auth/login", form: ["username": email, "password": Fixture.password])
            #expect(login.status == 200)
            #expect(login.header("Cache-Control") == "no-store")
            guard case .string(let refresh)? = login.json["refresh_token"] else {
                Issue.record("no refresh token: \(login.text)")
                return
            }
            let refreshed = try await app.http(.post, "/auth/refresh", form: ["refresh_token": refresh])
            #expect(refreshed.status == 200)
            #expect(refreshed.header("Cache-Control") == "no-store")
            #expect(try await app.http(.get, "/").header("Cache-Control") == nil)
        }
    }

    /// No session starts for an inactive account; on PostgreSQL, a login whose session starts
    /// while a deactivation is being committed waits for it and gets none, instead of a session
    /// that would outlive the deactivation (and come back with a reactivation).
    @Test(arguments: TestEnvironment.backends)
    func noSessionStartsForAnInactiveAccount(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let sessions = AuthSessions(database: app.runtime.database, lifetime: 3_600, accessLifetime: 600)
            let inactive = try await app.admin.createUser(email: Fixture.email(), password: Fixture.password)
            _ = try await app.admin.deactivate(email: inactive.email)
            #expect(try await sessions.start(userID: inactive.id) == nil)
            guard backend == .postgres else { return }
            let racing = try await app.admin.createUser(email: Fixture.email(), password: Fixture.password)
            let database = app.runtime.database
            let started = try await database.transaction { tx in
                try await tx.raw("UPDATE users SET is_active = \(bind: false) WHERE id = \(bind: racing.id)").run()
                let login = Task { try await sessions.start(userID: racing.id) != nil }
                #expect(try await SQLProbe.someoneWaitsOnALock(database), "the session start never waited")
                return login
            }
            #expect(try await started.value == false)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func refreshBindsAnRPCSession(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let email = try await app.account()
            let refresh = try #require(try await app.login(email).string("refresh_token"))
            let session = app.rpcSession()
            let request: JSONValue = [
                "jsonrpc": "2.0", "id": 1, "method": "auth.refresh", "params": ["refresh_token": .string(refresh)],
            ]
            _ = try #require(await session.handle(line: request.serialized()))
            let me: JSONValue = ["jsonrpc": "2.0", "id": 2, "method": "users.me"]
            let line = try #require(await session.handle(line: me.serialized()))
            guard case .object(let answer) = try JSONParser.parse(line), case .object(let user)? = answer["result"]
            else {
                Issue.record("users.me failed after auth.refresh: \(line)")
                return
            }
            #expect(user["email"] == .string(email))
        }
    }
}

extension TestApp {
    /// A new active account's address (its password is `Fixture.password`).
    func account() async throws -> String {
        let email = Fixture.email()
        _ = try await admin.createUser(email: email, password: Fixture.password)
        return email
    }

    func refresh(_ token: String, via: Via = .http) async throws -> Reply {
        try await call("auth.refresh", ["refresh_token": .string(token)], via: via)
    }
}
