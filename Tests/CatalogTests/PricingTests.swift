import Catalog
import Kernel
import TestSupport
import Testing

@Suite("ProductPricing service")
struct PricingTests {
    @Test(arguments: TestEnvironment.backends)
    func readsPriceAndAvailabilityInsideTheCallersTransaction(backend: Backend) async throws {
        try await CatalogApp.with(backend) { c in
            let on = try await c.product(["price_cents": 1500])
            let off = try await c.product(["price_cents": 900, "is_active": false])
            let pricing = try c.app.runtime.services.require((any ProductPricing).self)
            let found = try await c.app.runtime.database.transaction { sql in
                try await pricing.products([on, off, on, 424_242], on: sql)
            }
            #expect(
                found == [
                    on: PricedProduct(id: on, priceCents: 1500, isActive: true),
                    off: PricedProduct(id: off, priceCents: 900, isActive: false),
                ])
            #expect(try await pricing.products([], on: c.app.runtime.database.sql).isEmpty)
        }
    }
}
