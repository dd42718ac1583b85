import Kernel

/// Published when anything a product listing or detail shows has changed (by Catalog itself,
/// or by a module that contributes to the detail, like Inventory); Catalog drops what it cached.
/// One event may name several products (an order's lines), so subscribers act once per change.
public struct ProductChanged: DomainEvent {
    public static let name = "product.changed"
    /// The products, each once; empty when any number may have changed.
    public var productIDs: [Int]
    /// Whether something listings show may have changed; false when only what the detail shows
    /// did (Inventory's stock fields), so cached listings stay.
    public var listed: Bool

    /// The product when the event names exactly one, else nil.
    public var productID: Int? { productIDs.count == 1 ? productIDs[0] : nil }

    /// A change of one product, or of any number (`productID` nil).
    public init(productID: Int?, listed: Bool = true) {
        self.init(productIDs: productID.map { [$0] } ?? [], listed: listed)
    }

    /// A change of `productIDs` (duplicates dropped, first occurrence kept).
    public init(productIDs: [Int], listed: Bool = true) {
        var seen = Set<Int>()
        self.productIDs = productIDs.filter { seen.insert($0).inserted }
        self.listed = listed
    }
}
