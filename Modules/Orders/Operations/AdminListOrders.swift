import Kernel

/// orders.admin_list — GET /admin/orders: every order, newest first, with lines (loaded in one
/// more query, not one per order), filtered by `status` and `user_id`, optionally paginated.
struct AdminListOrders: Operation {
    static let method = "orders.admin_list"
    static let http = HTTPBinding(.get, "/admin/orders")
    static let access = Access.superuser
    static let summary = "All orders with items, newest first (filters: status, user_id; limit/offset)"

    struct Input: OperationInput {
        var status: OrderStatus?
        var userID: Int?
        var limit: Int?
        var offset: Int

        init(from r: FieldReader) {
            status = r.optional("status")
            userID = r.optional("user_id")
            limit = r.optional("limit", .ge(1), .le(100))
            offset = r.field("offset", default: 0, .ge(0))
        }
    }

    let database: any Database
    let store: OrderStore

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> [AdminOrder] {
        let filter = OrderStore.Filter(
            userID: input.userID.map(Int64.init), status: input.status, limit: input.limit, offset: input.offset)
        return try await store.list(filter, on: database.sql).map(AdminOrder.init)
    }
}
