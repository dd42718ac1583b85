import Kernel
import TestSupport
import Testing

@Suite struct RegistrationTests {
    /// No body, or one that is not an object: one issue for the body, not also a complaint
    /// about the placeholder a missing password would be checked as.
    @Test(arguments: TestEnvironment.backends)
    func aMissingBodyIsOneIssue(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            for raw in [nil, "[]", "[1]"] as [String?] {
                let response = try await app.http(
                    .post, "/auth/register", raw: raw, headers: raw == nil ? [:] : ["Content-Type": "application/json"])
                #expect(response.status == 422)
                guard case .object(let body) = response.json, case .array(let issues)? = body["detail"] else {
                    Issue.record("no issues: \(response.text)")
                    continue
                }
                #expect(issues.count == 1, "\(raw ?? "no body"): \(response.text)")
            }
        }
    }

    @Test(arguments: Fixture.matrix)
    func registerLoginMeRoundTrip(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let registered = try await app.register("  Carol@EXAMPLE.com ", via: via)
            #expect(registered.status == 201)
            guard case .object(let user) = registered.body else { throw TestSetupError("not an object") }
            #expect(user.keys == ["email", "id", "is_active", "is_superuser", "created_at"])
            #expect(user["email"] == "carol@example.com")
            #expect(user["is_active"] == true)
            #expect(user["is_superuser"] == false)
            let createdAt = try #require(registered.string("created_at"))
            #expect(createdAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/) != nil)

            let login = try await app.login("CAROL@example.com", via: via)
            #expect(login.status == 200)
            #expect(login.string("token_type") == "bearer")
            let token = try #require(login.string("access_token"))
            let me = try await app.call("users.me", via: via, token: token)
            #expect(me.status == 200)
            #expect(me.body == registered.body)
        }
    }

    @Test(arguments: Fixture.matrix)
    func duplicatesAreRefusedWhateverTheCase(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            #expect(try await app.register("Dup@Example.com", via: via).status == 201)
            for variant in ["Dup@Example.com", "dup@example.com", " DUP@EXAMPLE.COM "] {
                let again = try await app.register(variant, "another password", via: via)
                #expect(again.status == 409)
                #expect(again.detail == "Email already registered")
            }
        }
    }

    @Test(arguments: Fixture.matrix)
    func concurrentRegistrationsYieldExactlyOneAccount(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    // Differently cased spellings of one address, so normalisation races too.
                    let email = index.isMultiple(of: 2) ? "race@example.com" : "RACE@example.com"
                    group.addTask { try await app.register(email, via: via).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 19)
        }
    }

    @Test(arguments: Fixture.matrix)
    func passwordPolicy(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let short = try await app.register(Fixture.email(), "1234567", via: via)
            #expect(short.status == 422)
            let issue = try #require(short.detail?.firstIssue)
            #expect(issue["type"] == "string_too_short")
            #expect(issue["loc"] == ["body", "password"])
            #expect(issue["input"] == "**********")

            let long = try await app.register(Fixture.email(), String(repeating: "p", count: 73), via: via)
            #expect(long.status == 422)
            #expect(long.detail?.firstIssue?["type"] == "value_error")

            // Exactly 72 bytes is fine, and a longer password sharing them is not the same one.
            let email = Fixture.email()
            let limit = String(repeating: "p", count: 72)
            #expect(try await app.register(email, limit, via: via).status == 201)
            #expect(try await app.login(email, limit, via: via).status == 200)
            #expect(try await app.login(email, limit + "extra", via: via).status == 401)
        }
    }

    @Test(arguments: Fixture.matrix)
    func invalidEmailsAre422(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            for email in ["not-an-email", "a@b", "two@@example.com", "sp ace@example.com", ""] {
                let reply = try await app.register(email, via: via)
                #expect(reply.status == 422, "\(email)")
                let issue = try #require(reply.detail?.firstIssue)
                #expect(issue["type"] == "value_error")
                #expect(issue["loc"] == ["body", "email"])
                guard case .string(let msg)? = issue["msg"] else { continue }
                #expect(msg.hasPrefix("value is not a valid email address: "))
            }
            let missing = try await app.call("auth.register", ["email": "x@example.com"], via: via)
            #expect(missing.status == 422)
            #expect(missing.detail?.firstIssue?["type"] == "missing")
        }
    }

    @Test(arguments: Fixture.matrix)
    func massAssignmentIsIgnored(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let reply = try await app.call(
                "auth.register",
                [
                    "email": "sneaky@example.com", "password": .string(Fixture.password), "is_superuser": true,
                    "is_active": false, "id": 999, "hashed_password": "x",
                ], via: via)
            #expect(reply.status == 201)
            #expect(reply["is_superuser"] == false)
            #expect(reply["is_active"] == true)
            #expect(reply["id"] != 999)
            #expect(reply["hashed_password"] == nil)
            #expect(try await app.login("sneaky@example.com", via: via).status == 200)
        }
    }
}

extension JSONValue {
    /// The first entry of a validation `detail` list.
    var firstIssue: JSONObject? {
        guard case .array(let issues) = self, case .object(let first)? = issues.first else { return nil }
        return first
    }
}
