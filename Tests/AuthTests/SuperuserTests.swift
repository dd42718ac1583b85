import Kernel
import TestSupport
import Testing

@Suite struct SuperuserTests {
    @Test(arguments: Fixture.matrix)
    func adminOperationsNeedASuperuser(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let target = Fixture.email("target")
            let userToken = try await app.signUp(target)
            let params: JSONObject = ["email": .string(target)]
            for method in ["users.promote", "users.demote", "users.deactivate", "users.activate"] {
                let anonymous = try await app.call(method, params, via: via)
                #expect(anonymous.status == 401, "\(method)")
                #expect(anonymous.detail == "Not authenticated")
                let normal = try await app.call(method, params, via: via, token: userToken)
                #expect(normal.status == 403, "\(method)")
                #expect(normal.detail == "Forbidden")
            }
        }
    }

    @Test(arguments: Fixture.matrix)
    func changesTakeEffectOnExistingTokens(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let adminToken = try await app.signUp(Fixture.email("admin"), superuser: true)
            let target = Fixture.email("target")
            let userToken = try await app.signUp(target)
            let params: JSONObject = ["email": .string(target.uppercased())]

            let promoted = try await app.call("users.promote", params, via: via, token: adminToken)
            #expect(promoted.status == 200)
            #expect(promoted["is_superuser"] == true)
            #expect(try await app.call("users.me", via: via, token: userToken)["is_superuser"] == true)
            // The promoted user now passes the gate with the token issued before promotion.
            #expect(
                try await app.call("users.demote", ["email": "nobody@example.com"], via: via, token: userToken).status
                    == 404)

            #expect(try await app.call("users.demote", params, via: via, token: adminToken)["is_superuser"] == false)
            let deactivated = try await app.call("users.deactivate", params, via: via, token: adminToken)
            #expect(deactivated["is_active"] == false)
            #expect(try await app.call("users.me", via: via, token: userToken).status == 401)
            #expect(try await app.call("users.activate", params, via: via, token: adminToken)["is_active"] == true)
            // Deactivation ended the user's sessions: the account logs in again, old tokens stay dead.
            #expect(try await app.call("users.me", via: via, token: userToken).status == 401)
            #expect(try await app.login(target, via: via).status == 200)
        }
    }

    @Test(arguments: Fixture.matrix)
    func superusersCannotLockThemselvesOut(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let email = Fixture.email("admin")
            let token = try await app.signUp(email, superuser: true)
            for method in ["users.demote", "users.deactivate"] {
                let reply = try await app.call(method, ["email": .string(email)], via: via, token: token)
                #expect(reply.status == 409, "\(method)")
            }
            #expect(
                try await app.call("users.promote", ["email": .string(email)], via: via, token: token).status == 200)
        }
    }
}
