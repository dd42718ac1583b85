import Kernel

/// orders.mine — GET /orders/me: the caller's orders, newest first, with their lines. Without
/// `limit`, all of them (as the original).
struct ListMyOrders: Operation {
    static let method = "orders.mine"
    static let http = HTTPBinding(.get, "/orders/me")
    static let access = Access.user
    static let summary = "My orders, newest first, with items (optional limit/offset)"

    struct Input: OperationInput {
        var limit: Int?
        var offset: Int

        init(from r: FieldReader) {
            limit = r.optional("limit", .ge(1), .le(100))
            offset = r.field("offset", default: 0, .ge(0))
        }
    }

    let database: any Database
    let store: OrderStore

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> [Order] {
        let user = try context.requireUser()
        let filter = OrderStore.Filter(userID: user.id, limit: input.limit, offset: input.offset)
        return try await store.list(filter, on: database.sql)
    }
}
