/// Column sizes and numeric bounds, checked on input so that nothing reaches the database that
/// it would reject (the original answered 500 for overlong strings and int32 overflow).
enum CatalogLimits {
    static let brandName = 200
    static let brandSlug = 200
    static let categoryName = 200
    static let categorySlug = 200
    static let sku = 64
    static let productName = 255
    static let productSlug = 255
    static let imageURL = 500
    /// `q` is matched as a substring; longer search strings are refused rather than scanned for.
    static let query = 200
    /// The lower-cased copy of a product's name or slug that `q` searches (`name_folded`,
    /// `slug_folded`), cut to the column's `limit` code points: lower-casing can lengthen text
    /// (`İ` becomes `i̇`), and a name at the limit must still be stored.
    private static func folded(_ text: String, limit: Int) -> String {
        let lowered = text.lowercased()
        guard lowered.unicodeScalars.count > limit else { return lowered }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: lowered.unicodeScalars.prefix(limit))
        return String(scalars)
    }

    /// A product's name as `name_folded` holds it.
    static func foldedName(_ name: String) -> String { folded(name, limit: productName) }

    /// A product's slug as `slug_folded` holds it.
    static func foldedSlug(_ slug: String) -> String { folded(slug, limit: productSlug) }

    /// What `q` searches (`search_folded`): the folded name, a line feed and the folded slug.
    /// A `q` without a line feed is found in it exactly where it is found in the name or in
    /// the slug, with one test instead of two (`ProductListing.filter`).
    static func searchText(foldedName: String, foldedSlug: String) -> String {
        foldedName + "\n" + foldedSlug
    }

    /// Prices and positions are 32-bit columns.
    static let int32Max = 2_147_483_647
}
