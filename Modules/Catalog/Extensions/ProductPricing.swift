import Kernel

/// What checkout needs to know about a product: whether it can be sold and at what price.
public struct PricedProduct: Sendable, Equatable {
    public var id: Int
    public var priceCents: Int
    public var isActive: Bool

    public init(id: Int, priceCents: Int, isActive: Bool) {
        self.id = id
        self.priceCents = priceCents
        self.isActive = isActive
    }
}

/// A service Catalog registers for modules that sell products (Orders): reads products inside
/// the caller's transaction.
public protocol ProductPricing: Sendable {
    /// The products among `ids` that exist, keyed by id, read on `database` (the caller's transaction).
    func products(_ ids: [Int], on database: any SQLDatabase) async throws -> [Int: PricedProduct]
    /// The same read as a `WITH` item for a statement of the caller's own:
    /// `priced_products (id, price_cents, is_active)`, the products among `ids` (not empty) that
    /// exist.
    func pricesClause(_ ids: [Int]) -> SQLQueryString
}
