import Kernel
import TestSupport
import Testing

@testable import Auth

/// Raising `bcrypt_cost` upgrades existing hashes as their owners log in.
@Suite struct HashUpgradeTests {
    @Test(arguments: TestEnvironment.backends)
    func loginRehashesAtTheConfiguredCost(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let email = Fixture.email()
            _ = try await app.admin.createUser(email: email, password: Fixture.password)
            let older = try await PasswordHasher.make(cost: 5).hash(Fixture.password)
            let sql = app.runtime.database.sql
            try await sql.raw("UPDATE users SET hashed_password = \(bind: older) WHERE email = \(bind: email)").run()

            #expect(try await app.login(email).status == 200)
            let row = try await sql.raw("SELECT hashed_password FROM users WHERE email = \(bind: email)").first()
            let hash = try #require(try row?.decode(column: "hashed_password", as: String.self))
            #expect(hash.hasPrefix("$2b$04$"))
            #expect(try await app.login(email).status == 200)
        }
    }
}
