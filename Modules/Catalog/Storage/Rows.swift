import FoundationEssentials
import Kernel

/// Decoding of the Catalog's rows, with the column lists that produce them.
enum Rows {
    static let product = "id, sku, name, slug, brand_id, category_id, price_cents, is_active, created_at"
    static let brand = "id, name, slug"
    static let category = "id, name, slug, parent_id"
    static let image = "id, url, is_primary, position"

    /// What a PATCH runs: `UPDATE table SET assignments WHERE condition RETURNING columns`, or,
    /// with nothing to assign, the `SELECT` of the same row, so that an empty PATCH answers the
    /// row as it is (and a missing one the same 404).
    static func patch(
        _ table: String, set assignments: [SQLQueryString], where condition: SQLQueryString, returning columns: String
    ) -> SQLQueryString {
        guard !assignments.isEmpty else {
            return "SELECT \(unsafeRaw: columns) FROM \(ident: table) WHERE \(condition)"
        }
        return """
            UPDATE \(ident: table) SET \(assignments.joined(separator: ", ")) WHERE \(condition)
            RETURNING \(unsafeRaw: columns)
            """
    }

    static func product(_ row: any SQLRow) throws -> Product {
        Product(
            sku: try row.decode(column: "sku", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            slug: try row.decode(column: "slug", as: String.self),
            brandID: try row.decode(column: "brand_id", as: Int?.self),
            categoryID: try row.decode(column: "category_id", as: Int?.self),
            priceCents: try row.decode(column: "price_cents", as: Int.self),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            id: try row.decode(column: "id", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    static func brand(_ row: any SQLRow) throws -> Brand {
        Brand(
            name: try row.decode(column: "name", as: String.self),
            slug: try row.decode(column: "slug", as: String.self),
            id: try row.decode(column: "id", as: Int.self))
    }

    static func category(_ row: any SQLRow) throws -> Category {
        Category(
            name: try row.decode(column: "name", as: String.self),
            slug: try row.decode(column: "slug", as: String.self),
            parentID: try row.decode(column: "parent_id", as: Int?.self),
            id: try row.decode(column: "id", as: Int.self))
    }

    static func image(_ row: any SQLRow) throws -> ProductImage {
        ProductImage(
            url: try row.decode(column: "url", as: String.self),
            isPrimary: try row.decode(column: "is_primary", as: Bool.self),
            position: try row.decode(column: "position", as: Int.self),
            id: try row.decode(column: "id", as: Int.self))
    }
}
