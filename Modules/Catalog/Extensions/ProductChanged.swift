import Kernel

/// Published when anything a product listing or detail shows has changed (by Catalog itself,
/// or by a module that contributes to the detail, like Inventory); Catalog drops what it cached.
public struct ProductChanged: DomainEvent {
    public static let name = "product.changed"
    /// The product, or nil when many may have changed.
    public var productID: Int?
    /// Whether something listings show may have changed; false when only what the detail shows
    /// did (Inventory's stock fields), so cached listings stay.
    public var listed: Bool

    public init(productID: Int?, listed: Bool = true) {
        self.productID = productID
        self.listed = listed
    }
}
