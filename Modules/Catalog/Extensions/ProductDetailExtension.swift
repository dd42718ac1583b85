import Kernel

/// An extension point: another module contributes fields to a product's detail
/// (`GET /products/{prod_id}`, `catalog.products.get`) without Catalog importing it. The
/// Inventory module adds `inventory_qty` and `in_stock` this way.
///
/// ```swift
/// context.services.register(StockFields(store: store), as: (any ProductDetailExtension).self)
/// ```
public protocol ProductDetailExtension: Sendable {
    /// Members appended after the built-in detail fields, in order.
    func detailFields(forProduct productID: Int) async throws -> [(String, JSONValue)]
}
