import Auth
import Foundation
import Kernel
import TestSupport
import Testing

/// One mailbox is one account however its address is spelt: registration, login and the
/// administration service all use `EmailAddress.canonical`.
@Suite struct EmailSpellingTests {
    /// A fresh local part, so tests sharing one Redis never share throttle counters.
    static func unique(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8).lowercased())" }

    @Test(arguments: Fixture.matrix)
    func domainsAreMappedThroughIDNA(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let dup1 = Self.unique("dup1")
            let fullwidth = try await app.register("\(dup1)@\u{FF45}xample.com", via: via)
            #expect(fullwidth.status == 201)
            #expect(fullwidth.string("email") == "\(dup1)@example.com")
            #expect(try await app.register("\(dup1)@example.com", via: via).status == 409)
            #expect(try await app.login("\(dup1)@example\u{3002}com", via: via).status == 200)

            let dup2 = Self.unique("dup2")
            let punycode = try await app.register("\(dup2)@xn--mnchen-3ya.de", via: via)
            #expect(punycode.status == 201)
            #expect(punycode.string("email") == "\(dup2)@münchen.de")
            #expect(try await app.register("\(dup2)@münchen.de", via: via).status == 409)
            #expect(try await app.login("\(dup2)@MÜNCHEN.de", via: via).status == 200)

            let invalid = try await app.register("z@xn--zz.com", via: via)
            #expect(invalid.status == 422)
            let reason = "The part after the @-sign is not valid IDNA (Invalid A-label)."
            #expect(invalid.detail?.firstIssue?["ctx"] == ["reason": .string(reason)])
        }
    }

    /// Lower-casing these puts their marks out of canonical order: stored and looked up, they
    /// must still be the same text.
    @Test(arguments: Fixture.matrix)
    func addressesLowerCasingReordersLogIn(backend: Backend, via: Via) async throws {
        let emails = ["\u{130}\u{327}", "\u{399}\u{342}"].map { $0 + Self.unique("y") + "@example.com" }
        try await TestApp.auth(backend) { app in
            for email in emails {
                let registered = try await app.register(email, via: via)
                #expect(registered.status == 201)
                #expect(try await app.login(email, via: via).status == 200)
                #expect(try await app.register(email, via: via).status == 409)
            }
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func administrationFindsEverySpelling(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let admin = try app.admin
            let ops = Self.unique("ops")
            let user = try await admin.createUser(email: "\(ops)@XN--MNCHEN-3YA.de", password: Fixture.password)
            #expect(user.email == "\(ops)@münchen.de")
            #expect(try await admin.promote(email: "\(ops)@münchen.de").isSuperuser)
            #expect(try await admin.user(email: "\(ops.uppercased())@MÜNCHEN.DE")?.id == user.id)
            let duplicate = await #expect(throws: AppError.self) {
                try await admin.createUser(email: "\(ops)@münchen.de", password: Fixture.password)
            }
            #expect(duplicate?.status == 409)

            let typed = "\u{130}\u{327}" + Self.unique("y") + "@example.com"
            let reordered = try await admin.createUser(email: typed, password: Fixture.password)
            #expect(try await admin.user(email: typed)?.id == reordered.id)
            #expect(try await app.login(typed).status == 200)
        }
    }
}
