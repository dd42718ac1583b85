import Auth
import Foundation
import Kernel

/// A booted application with a superuser, and the steps the order tests share: customers,
/// products with stock, orders.
public struct Shop: Sendable {
    public let app: TestApp
    public let adminToken: String
    public static let password = "correct horse battery"

    /// Every backend the environment offers, with both transports.
    public static var matrix: [(Backend, Via)] {
        TestEnvironment.backends.flatMap { backend in Via.allCases.map { (backend, $0) } }
    }

    /// Boots all modules on `backend` (with `payments` YAML for the test provider, and
    /// `configure` applied to the config) and runs `body`.
    public static func with(
        _ backend: Backend, payments: String = "", configure: @Sendable (inout AppConfig) throws -> Void = { _ in },
        _ body: @Sendable (Shop) async throws -> Void
    ) async throws {
        let extra = payments.isEmpty ? "" : "payments: { \(payments) }"
        try await TestApp.with(backend, extraYAML: extra, configure: configure) { app in
            let admin = try await Shop.signUp(app, superuser: true)
            try await body(Shop(app: app, adminToken: admin.token))
        }
    }

    /// A new account and its bearer token.
    public struct Customer: Sendable {
        public var id: Int
        public var token: String
    }

    /// Registers a customer (through `UserAdministration`) and logs in.
    public func customer() async throws -> Customer {
        try await Shop.signUp(app)
    }

    private static func signUp(_ app: TestApp, superuser: Bool = false) async throws -> Customer {
        let email = "buyer-\(UUID().uuidString.prefix(12).lowercased())@example.com"
        let admin = try app.runtime.services.require(UserAdministration.self)
        let user = try await admin.createUser(email: email, password: password, superuser: superuser)
        let login = try await app.call(
            "auth.login", ["username": .string(email), "password": .string(password)], via: .rpc, token: nil)
        guard let token = login.string("access_token") else { throw TestSetupError("login failed: \(login.body)") }
        return Customer(id: Int(user.id), token: token)
    }

    /// Creates a product at `price` cents; `stock` nil leaves it untracked (unlimited).
    public func product(price: Int = 1000, stock: Int? = 10, active: Bool = true) async throws -> Int {
        let slug = "p-\(UUID().uuidString.prefix(12).lowercased())"
        let created = try await admin(
            "catalog.products.create",
            [
                "sku": .string(slug), "name": .string("Product \(slug)"), "slug": .string(slug),
                "price_cents": .int(Int64(price)), "is_active": .bool(active),
            ])
        guard let id = created.int("id") else { throw TestSetupError("product not created: \(created.body)") }
        if let stock { try await setStock(id, stock) }
        return id
    }

    /// Sets a product's tracked stock.
    public func setStock(_ productID: Int, _ qty: Int) async throws {
        let reply = try await admin(
            "inventory.set", ["prod_id": .int(Int64(productID)), "qty": .int(Int64(qty)), "track_inventory": true])
        guard reply.status == 200 else { throw TestSetupError("stock not set: \(reply.body)") }
    }

    /// The product's stock on hand.
    public func stock(_ productID: Int) async throws -> Int? {
        try await admin("inventory.get", ["prod_id": .int(Int64(productID))]).int("qty")
    }

    /// Calls `method` over RPC as the superuser.
    @discardableResult
    public func admin(_ method: String, _ params: JSONObject) async throws -> Reply {
        try await app.call(method, params, via: .rpc, token: adminToken)
    }

    /// Places an order for `lines` (product, quantity) as `customer`.
    public func order(
        _ lines: [(Int, Int)], as customer: Customer, via: Via = .rpc, key: String? = nil
    ) async throws -> Reply {
        let items: [JSONValue] = lines.map { ["product_id": .int(Int64($0.0)), "quantity": .int(Int64($0.1))] }
        return try await app.call(
            "orders.create", ["items": .array(items)], via: via, token: customer.token, idempotencyKey: key)
    }

    /// Places an order that must succeed and returns its id.
    public func placedOrder(_ lines: [(Int, Int)], as customer: Customer) async throws -> Int {
        let reply = try await order(lines, as: customer)
        guard reply.status == 201, let id = reply.int("id") else {
            throw TestSetupError("order failed: \(reply.body)")
        }
        return id
    }

    /// Calls an operation on order `orderID` as `customer` (get, cancel, pay, payments).
    public func onOrder(_ method: String, _ orderID: Int, as token: String, via: Via = .rpc, key: String? = nil)
        async throws -> Reply
    {
        try await app.call(method, ["order_id": .int(Int64(orderID))], via: via, token: token, idempotencyKey: key)
    }

    /// The number of orders in the database.
    public func orderCount() async throws -> Int {
        let row = try await app.runtime.database.sql.raw("SELECT COUNT(*) AS n FROM orders").first()
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }
}
