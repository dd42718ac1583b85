import Foundation
import Kernel
import TestSupport
import Testing

/// Shared steps of the Catalog tests.
enum Fixture {
    static let password = "correct horse battery"

    /// Every backend the environment offers, with both transports.
    static var matrix: [(Backend, Via)] {
        TestEnvironment.backends.flatMap { backend in Via.allCases.map { (backend, $0) } }
    }

    /// A fresh suffix, so that tests sharing one Redis never share anything.
    static func unique() -> String { UUID().uuidString.prefix(8).lowercased() }
}

/// A booted runtime with Auth and Catalog plus a superuser and an ordinary user.
struct CatalogApp: Sendable {
    let app: TestApp
    let admin: String
    let user: String

    /// Boots `auth` and `catalog` on `backend` (`extraYAML` is appended to the config).
    static func with(
        _ backend: Backend, extraYAML: String = "", _ body: @Sendable (CatalogApp) async throws -> Void
    ) async throws {
        try await TestApp.with(backend, modules: ["auth", "catalog"], extraYAML: extraYAML) { app in
            let admin = try await app.token(for: "admin-\(Fixture.unique())@example.com", superuser: true)
            let user = try await app.token(for: "user-\(Fixture.unique())@example.com", superuser: false)
            try await body(CatalogApp(app: app, admin: admin, user: user))
        }
    }

    /// Calls `method` as the superuser.
    func admin(_ method: String, _ params: JSONObject = [:], via: Via) async throws -> Reply {
        try await app.call(method, params, via: via, token: admin)
    }

    /// Calls `method` anonymously.
    func get(_ method: String, _ params: JSONObject = [:], via: Via) async throws -> Reply {
        try await app.call(method, params, via: via)
    }

    /// Creates a row through `method` and returns its id, failing the test if that fails.
    func create(_ method: String, _ params: JSONObject, via: Via = .http) async throws -> Int {
        let reply = try await admin(method, params, via: via)
        try #require(reply.status == 201, "\(method) failed: \(reply)")
        return try #require(reply.id)
    }

    /// A product with sensible defaults for the fields not given.
    func product(_ fields: JSONObject = [:], via: Via = .http) async throws -> Int {
        let suffix = Fixture.unique()
        var params: JSONObject = [
            "sku": .string("SKU-\(suffix)"), "name": .string("Item \(suffix)"),
            "slug": .string("item-\(suffix)"), "price_cents": 1000,
        ]
        for (key, value) in fields { params[key] = value }
        return try await create("catalog.products.create", params, via: via)
    }

    /// Runs SQL straight on the database, behind the API's (and the cache's) back.
    func execute(_ statement: String) async throws {
        try await app.runtime.database.sql.raw(SQLQueryString(statement)).run()
    }
}

extension TestApp {
    /// Registers `email`, promotes it with SQL when asked, and logs in.
    func token(for email: String, superuser: Bool) async throws -> String {
        let registered = try await call(
            "auth.register", ["email": .string(email), "password": .string(Fixture.password)], via: .rpc)
        try #require(registered.status == 201, "register failed: \(registered)")
        if superuser {
            try await runtime.database.sql.raw(
                "UPDATE users SET is_superuser = \(bind: true) WHERE email = \(bind: email)"
            )
            .run()
        }
        let login = try await call(
            "auth.login", ["username": .string(email), "password": .string(Fixture.password)], via: .rpc)
        guard case .string(let token)? = login["access_token"] else { throw TestSetupError("login failed: \(login)") }
        return token
    }
}
