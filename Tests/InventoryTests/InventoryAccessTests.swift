import Kernel
import TestSupport
import Testing

@Suite struct InventoryAccessTests {
    @Test(arguments: matrix)
    func everyOperationNeedsASuperuser(backend: Backend, via: Via) async throws {
        try await Shop.with(backend) { shop in
            let app = shop.app
            let userToken = try await app.token(superuser: false)
            let id = try await shop.createProduct()
            // Valid and invalid inputs alike: access is decided before validation.
            let calls: [(String, JSONObject)] = [
                ("inventory.set", ["prod_id": .int(Int64(id)), "qty": 1, "track_inventory": true]),
                ("inventory.set", ["prod_id": "abc"]),
                ("inventory.get", ["prod_id": .int(Int64(id))]),
                ("inventory.adjust", ["prod_id": .int(Int64(id)), "delta": 1]),
            ]
            for (method, params) in calls {
                let anonymous = try await app.call(method, params, via: via)
                #expect(anonymous.status == 401, "\(method)")
                #expect(anonymous.detail == "Not authenticated")
                let forged = try await app.call(method, params, via: via, token: "not-a-token")
                #expect(forged.status == 401, "\(method)")
                let user = try await app.call(method, params, via: via, token: userToken)
                #expect(user.status == 403, "\(method)")
                #expect(user.detail == "Forbidden")
            }
            #expect(try await app.storedQty(id) == nil)
        }
    }
}
