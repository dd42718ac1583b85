import Foundation
import Kernel
import TestSupport
import Testing

/// OWASP API3 (broken object property level authorization, "mass assignment"): fields a client
/// may not set (privileges, ids, owners, hashes, statuses, amounts, prices, timestamps) are
/// ignored wherever they are sent, and never take effect; no answer carries a password hash.
@Suite("Security: mass assignment")
struct MassAssignmentTests {
    /// What an attacker adds to every body.
    static let forged: JSONObject = [
        "id": 4242, "user_id": 1, "is_superuser": true, "is_active": false, "status": "confirmed",
        "hashed_password": "$2b$04$abcdefghijklmnopqrstuuKQn8zq7d6mY3u5rD1vYyX0w9Lk3jF2e",
        "created_at": "2000-01-01T00:00:00Z", "total_cents": 1, "amount_cents": 1, "price_cents": 1,
        "provider": "forged", "provider_payment_id": "forged",
    ]

    static func merged(_ params: JSONObject) -> JSONObject {
        var merged = forged
        for (name, value) in params { merged[name] = value }
        return merged
    }

    @Test(arguments: Shop.matrix)
    func registrationGrantsNothingExtra(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let email = "mass-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let account = Self.merged(["email": .string(email), "password": .string(Shop.password)])
            let created = try await shop.app.call("auth.register", account, via: via)
            #expect(created.status == 201)
            #expect(created["is_superuser"] == false)
            #expect(created["is_active"] == true)
            #expect(created.int("id") != 4242)
            #expect(created.string("created_at")?.hasPrefix("2000") == false)
            #expect(created["hashed_password"] == nil)
            // The password given is the password; the forged hash was not stored.
            let login = try await shop.app.call(
                "auth.login", Self.merged(["username": .string(email), "password": .string(Shop.password)]), via: via)
            let token = try #require(login.string("access_token"), "\(login.body)")
            let me = try await shop.app.call("users.me", Self.forged, via: via, token: token)
            #expect(me["is_superuser"] == false)
            #expect(me.string("email") == email)
            let brand: JSONObject = ["name": "Forged", "slug": "forged"]
            #expect(try await shop.app.call("catalog.brands.create", brand, via: via, token: token).status == 403)
            let row = try await shop.app.runtime.database.sql.raw(
                "SELECT hashed_password FROM users WHERE email = \(bind: email)"
            ).first()
            #expect(
                try row?.decode(column: "hashed_password", as: String.self)
                    != Self.forged["hashed_password"]?.stringValue)
        }
    }

    @Test(arguments: Shop.matrix)
    func ordersAndPaymentsTakeNothingFromTheClient(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let product = try await shop.product(price: 1500, stock: 10)
            let victim = try await shop.customer()
            let buyer = try await shop.customer()
            let line: JSONValue = .object(Self.merged(["product_id": .int(Int64(product)), "quantity": 2]))
            var params = Self.merged(["items": [line]])
            params["user_id"] = .int(Int64(victim.id))
            let order = try await shop.app.call("orders.create", params, via: via, token: buyer.token)
            #expect(order.status == 201, "\(order.body)")
            let id = try #require(order.int("id"))
            #expect(id != 4242)
            #expect(order.string("status") == "new")
            #expect(order.int("total_cents") == 3000)
            #expect(order["items"]?.arrayItems?.first?["price_cents"] == 1500)
            #expect(try await shop.onOrder("orders.get", id, as: buyer.token).status == 200)
            #expect(try await shop.onOrder("orders.get", id, as: victim.token).status == 404)

            var pay = Self.forged
            pay["order_id"] = .int(Int64(id))
            let payment = try await shop.app.call("payments.pay", pay, via: via, token: buyer.token)
            #expect(payment.status == 201, "\(payment.body)")
            #expect(payment.int("amount_cents") == 3000)
            #expect(payment.string("provider") != "forged")
            #expect(payment.string("provider_payment_id") != "forged")
            #expect(payment.int("order_id") == id)

            // An admin's status change changes the status and nothing else.
            var change = Self.forged
            change["order_id"] = .int(Int64(id))
            change["status"] = "canceled"
            change["user_id"] = .int(Int64(victim.id))
            let canceled = try await shop.app.call("orders.admin_update", change, via: via, token: shop.adminToken)
            #expect(canceled.status == 200, "\(canceled.body)")
            #expect(canceled.int("user_id") == buyer.id)
            #expect(canceled.int("total_cents") == 3000)
            #expect(canceled.string("created_at") == order.string("created_at"))
        }
    }

    @Test(arguments: Shop.matrix)
    func catalogWritesKeepIdsAndTimestamps(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let product = try await shop.product(price: 900)
            let before = try await shop.app.call("catalog.products.get", ["prod_id": .int(Int64(product))], via: via)
            // `price_cents` and `is_active` are a product's own, settable fields.
            var update = Self.forged
            update["prod_id"] = .int(Int64(product))
            update["name"] = "Renamed"
            update["price_cents"] = nil
            update["is_active"] = nil
            let after = try await shop.app.call("catalog.products.update", update, via: via, token: shop.adminToken)
            #expect(after.status == 200, "\(after.body)")
            #expect(after.int("id") == product)
            #expect(after.string("name") == "Renamed")
            #expect(after.int("price_cents") == 900)
            #expect(after["is_active"] == true)
            #expect(after.string("created_at") == before.string("created_at"))
        }
    }
}
