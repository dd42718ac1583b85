import Kernel
import TestSupport
import Testing

/// `orders.create`: the original's rules and messages, all or nothing, price snapshots.
@Suite struct CheckoutTests {
    @Test(arguments: Shop.matrix)
    func placesAnOrderWithItemsAndTakesStock(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let phone = try await shop.product(price: 1999, stock: 5)
            let cover = try await shop.product(price: 250, stock: nil)
            let reply = try await shop.order([(phone, 2), (cover, 3)], as: buyer, via: via)
            #expect(reply.status == 201)
            guard case .object(let order) = reply.body else { throw TestSetupError("not an object") }
            #expect(order.keys == ["id", "status", "total_cents", "created_at", "items"])
            #expect(reply.string("status") == "new")
            #expect(reply.int("total_cents") == 2 * 1999 + 3 * 250)
            #expect(reply.string("created_at")?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/) != nil)
            guard case .array(let items)? = order["items"], case .object(let first)? = items.first else {
                throw TestSetupError("no items")
            }
            #expect(items.count == 2)
            #expect(first.keys == ["id", "product_id", "quantity", "price_cents"])
            #expect(first["product_id"] == .int(Int64(phone)) && first["price_cents"] == 1999)
            #expect(try await shop.stock(phone) == 3)
            #expect(try await shop.stock(cover) == nil)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func linesKeepThePriceOfTheirCheckout(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 500)
            let id = try await shop.placedOrder([(product, 1)], as: buyer)
            try await shop.admin("catalog.products.update", ["prod_id": .int(Int64(product)), "price_cents": 900])
            let order = try await shop.onOrder("orders.get", id, as: buyer.token)
            guard case .array(let items)? = order["items"], case .object(let line)? = items.first else {
                throw TestSetupError("no items: \(order.body)")
            }
            #expect(line["price_cents"] == 500)
            #expect(order.int("total_cents") == 500)
        }
    }

    @Test(arguments: Shop.matrix)
    func rejectsEmptyAndInvalidLines(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product()
            let empty = try await shop.order([], as: buyer, via: via)
            #expect(empty.status == 400)
            #expect(empty.detail == "Order must contain at least one item.")

            let missing = try await shop.app.call("orders.create", [:], via: via, token: buyer.token)
            #expect(missing.status == 422)

            let zero = try await shop.order([(product, 0)], as: buyer, via: via)
            #expect(zero.status == 422)
            guard case .array(let issues)? = zero.detail, case .object(let issue)? = issues.first else {
                throw TestSetupError("no issues: \(zero.body)")
            }
            #expect(issue["type"] == "greater_than")
            #expect(issue["loc"] == ["body", "items", 0, "quantity"])

            let huge = try await shop.order([(product, 3_000_000_000)], as: buyer, via: via)
            #expect(huge.status == 422)
            #expect(try await shop.orderCount() == 0)
        }
    }

    @Test(arguments: Shop.matrix)
    func amountsBeyond32BitsAre422NotErrors(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let pricey = try await shop.product(price: 1_000_000, stock: nil)
            let line = try await shop.order([(pricey, 30_000)], as: buyer, via: via)
            #expect(line.status == 422)
            let total = try await shop.order([(pricey, 2000), (pricey, 2000)], as: buyer, via: via)
            #expect(total.status == 422)
            #expect(try await shop.orderCount() == 0)
        }
    }

    @Test(arguments: Shop.matrix)
    func unknownOrInactiveProductsAre400(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(stock: 5)
            let hidden = try await shop.product(active: false)
            let unknown = try await shop.order([(product, 1), (987_654, 1)], as: buyer, via: via)
            #expect(unknown.status == 400)
            #expect(unknown.detail == "Product 987654 not found or inactive.")
            let inactive = try await shop.order([(hidden, 1)], as: buyer, via: via)
            #expect(inactive.detail == .string("Product \(hidden) not found or inactive."))
            #expect(try await shop.stock(product) == 5)
            #expect(try await shop.orderCount() == 0)
        }
    }

    @Test(arguments: Shop.matrix)
    func shortStockIs400AndWritesNothing(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let plenty = try await shop.product(stock: 10)
            let scarce = try await shop.product(stock: 1)
            let reply = try await shop.order([(plenty, 4), (scarce, 2)], as: buyer, via: via)
            #expect(reply.status == 400)
            #expect(reply.detail == .string("Not enough stock for product \(scarce)."))
            #expect(try await shop.stock(plenty) == 10)
            #expect(try await shop.orderCount() == 0)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func theFirstFailingLineInRequestOrderDecides(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let scarce = try await shop.product(stock: 1)
            let shortFirst = try await shop.order([(scarce, 2), (424_242, 1)], as: buyer)
            #expect(shortFirst.detail == .string("Not enough stock for product \(scarce)."))
            let missingFirst = try await shop.order([(424_242, 1), (scarce, 2)], as: buyer)
            #expect(missingFirst.detail == "Product 424242 not found or inactive.")
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func duplicateLinesStaySeparateButShareTheStock(backend: Backend) async throws {
        try await Shop.with(backend) { shop in
            let buyer = try await shop.customer()
            let product = try await shop.product(price: 100, stock: 3)
            let tooMany = try await shop.order([(product, 2), (product, 2)], as: buyer)
            #expect(tooMany.status == 400)
            #expect(tooMany.detail == .string("Not enough stock for product \(product)."))
            let fits = try await shop.order([(product, 1), (product, 1)], as: buyer)
            #expect(fits.status == 201)
            if case .array(let items)? = fits["items"] { #expect(items.count == 2) }
            #expect(fits.int("total_cents") == 200)
            #expect(try await shop.stock(product) == 1)
        }
    }

    @Test(arguments: Shop.matrix)
    func needsAnAuthenticatedUser(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let product = try await shop.product()
            let items: JSONValue = [["product_id": .int(Int64(product)), "quantity": 1]]
            let reply = try await shop.app.call("orders.create", ["items": items], via: via, token: nil)
            #expect(reply.status == 401)
        }
    }
}
