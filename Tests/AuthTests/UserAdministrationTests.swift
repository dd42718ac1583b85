import Auth
import Kernel
import TestSupport
import Testing

/// The service behind `ecom users ...`.
@Suite struct UserAdministrationTests {
    @Test(arguments: TestEnvironment.backends)
    func createsAccountsWithTheRegistrationRules(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let admin = try app.admin
            let root = try await admin.createUser(
                email: " Root@Example.com ", password: Fixture.password, superuser: true)
            #expect(root.email == "root@example.com")
            #expect(root.isSuperuser && root.isActive)
            #expect(try await app.login("root@example.com").status == 200)

            let duplicate = await #expect(throws: AppError.self) {
                try await admin.createUser(email: "ROOT@example.com", password: Fixture.password)
            }
            #expect(duplicate?.status == 409)
            let invalid = await #expect(throws: AppError.self) {
                try await admin.createUser(email: "nope", password: "short")
            }
            #expect(invalid?.status == 422)
            #expect(invalid?.message.contains("body.email") == true)
            #expect(invalid?.message.contains("body.password") == true)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func changesAccountsByEmail(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let admin = try app.admin
            _ = try await admin.createUser(email: "bob@example.com", password: Fixture.password)
            #expect(try await admin.promote(email: "BOB@example.com").isSuperuser)
            #expect(try await !admin.demote(email: "bob@example.com").isSuperuser)
            #expect(try await !admin.deactivate(email: "bob@example.com").isActive)
            #expect(try await admin.user(email: "Bob@Example.com")?.isActive == false)
            #expect(try await admin.activate(email: "bob@example.com").isActive)
            let missing = await #expect(throws: AppError.self) { try await admin.promote(email: "ghost@example.com") }
            #expect(missing?.status == 404)
            #expect(try await admin.user(email: "ghost@example.com") == nil)
        }
    }
}
