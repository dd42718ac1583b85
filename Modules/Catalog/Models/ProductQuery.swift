import Kernel

/// The filters, order and page of a product listing, read from the query string (or RPC
/// params) by the public and the admin listing alike.
struct ProductQuery: Sendable, Equatable {
    /// A case-insensitive substring of the name or the slug, matched literally.
    var q: String?
    var categoryID: Int?
    var brandID: Int?
    var minPrice: Int?
    var maxPrice: Int?
    var sort: ProductSort
    var limit: Int
    var offset: Int
    /// Only products with this flag; nil for all (admin). The public listing always sets true.
    var isActive: Bool?

    /// Reads the fields; `admin` adds the optional `is_active` filter.
    init(from r: FieldReader, admin: Bool) {
        let text: String? = r.optional("q", .maxLength(CatalogLimits.query))
        q = text.flatMap { $0.isEmpty ? nil : $0 }
        // Like the original, 0 means "no filter" (it tested the ids for truthiness).
        let category: Int? = r.optional("category_id")
        categoryID = category == 0 ? nil : category
        let brand: Int? = r.optional("brand_id")
        brandID = brand == 0 ? nil : brand
        minPrice = r.optional("min_price", .ge(0))
        maxPrice = r.optional("max_price", .ge(0))
        sort = r.field("sort", default: .createdDesc)
        limit = r.field("limit", default: 20, .ge(1), .le(100))
        offset = r.field("offset", default: 0, .ge(0))
        isActive = admin ? r.optional("is_active") : true
    }

    /// 400 when the price range is empty by construction (checked before the cache).
    func validate() throws {
        if let minPrice, let maxPrice, minPrice > maxPrice { throw CatalogErrors.priceRange }
    }

    /// The `LIKE` pattern for `q`: lower-cased like the folded columns, with `\`, `%` and `_`
    /// escaped so that they match themselves.
    var likePattern: String? {
        guard let q else { return nil }
        var escaped = ""
        for character in q.lowercased() {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }

    /// The cache key: every normalised field as a JSON array, so no character inside `q` can
    /// make two different queries share a key. `q` is lower-cased since matching ignores case.
    var cacheKey: String {
        func number(_ value: Int?) -> JSONValue { value.map { .int(Int64($0)) } ?? .null }
        let fields: [JSONValue] = [
            q.map { .string($0.lowercased()) } ?? .null, number(categoryID), number(brandID), number(minPrice),
            number(maxPrice), .string(sort.rawValue), number(limit), number(offset),
            isActive.map { .bool($0) } ?? .null,
        ]
        return "products:" + JSONValue.array(fields).serialized()
    }
}
