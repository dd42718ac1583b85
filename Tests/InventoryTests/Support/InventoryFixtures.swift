import Foundation
import Kernel
import TestSupport
import Testing

/// Every backend the environment offers, with both transports.
let matrix: [(Backend, Via)] = TestEnvironment.backends.flatMap { backend in Via.allCases.map { (backend, $0) } }

extension Reply {
    /// The `loc` of the first validation issue.
    var firstLoc: JSONValue? {
        if case .array(let issues)? = detail { return issues.first?["loc"] }
        return nil
    }
}

/// A booted app with Auth, Catalog and Inventory and a superuser's token.
struct Shop: Sendable {
    let app: TestApp
    /// A superuser's bearer token.
    let admin: String

    /// Boots `modules` on `backend` and signs a superuser in.
    static func with(
        _ backend: Backend, modules: [String] = ["auth", "catalog", "inventory"],
        _ body: @Sendable (Shop) async throws -> Void
    ) async throws {
        try await TestApp.with(backend, modules: modules) { app in
            try await body(Shop(app: app, admin: try await app.token()))
        }
    }

    /// Creates an active product through Catalog and returns its id.
    func createProduct() async throws -> Int {
        let slug = "product-\(UUID().uuidString.prefix(12).lowercased())"
        let product: JSONObject = [
            "sku": .string(slug), "name": .string(slug), "slug": .string(slug), "price_cents": 1_000,
        ]
        let reply = try await app.call("catalog.products.create", product, via: .rpc, token: admin)
        guard case .int(let id)? = reply["id"] else { throw TestSetupError("no product created: \(reply)") }
        return Int(id)
    }
}

extension TestApp {
    static let password = "correct horse battery"

    /// Registers a fresh account (made superuser with SQL when asked) and logs it in.
    func token(superuser: Bool = true) async throws -> String {
        let email = "inventory-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let account: JSONObject = ["email": .string(email), "password": .string(Self.password)]
        _ = try #require(try await rpc("auth.register", account)["result"], "registration failed")
        if superuser {
            try await write("UPDATE users SET is_superuser = \(bind: true) WHERE email = \(bind: email)")
        }
        let login = try await rpc("auth.login", ["username": .string(email), "password": .string(Self.password)])
        return try #require(login["result"]?["access_token"]?.stringValue, "login failed: \(login)")
    }

    /// Writes an inventory row with SQL.
    func setStock(_ productID: Int, _ qty: Int, tracked: Bool = true) async throws {
        try await write(
            """
            INSERT INTO inventory (product_id, qty, track_inventory, updated_at)
            VALUES (\(bind: productID), \(bind: qty), \(bind: tracked), \(bind: Date()))
            ON CONFLICT (product_id) DO UPDATE SET qty = excluded.qty, track_inventory = excluded.track_inventory
            """)
    }

    /// The stored quantity, nil without a row.
    func storedQty(_ productID: Int) async throws -> Int? {
        let row = try await runtime.database.sql.raw(
            "SELECT qty FROM inventory WHERE product_id = \(bind: productID)"
        ).first()
        return try row?.decode(column: "qty", as: Int.self)
    }

    func write(_ statement: SQLQueryString) async throws {
        try await runtime.database.transaction { db in try await db.raw(statement).run() }
    }
}
