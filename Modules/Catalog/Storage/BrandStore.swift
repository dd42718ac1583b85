import Kernel

/// The `brands` table.
struct BrandStore: Sendable {
    let database: any Database

    /// Every brand by name (then id).
    func all() async throws -> [Brand] {
        try await database.sql.raw("SELECT \(unsafeRaw: Rows.brand) FROM brands ORDER BY name, id").all()
            .map(Rows.brand)
    }

    /// Inserts a brand; a taken name or slug is a 409 naming it.
    func create(name: String, slug: String) async throws -> Brand {
        try await Constraints.unique("brands", "Brand", ["name", "slug"]) {
            try await database.transaction { sql in
                let row = try await sql.raw(
                    """
                    INSERT INTO brands (name, slug) VALUES (\(bind: name), \(bind: slug))
                    RETURNING \(unsafeRaw: Rows.brand)
                    """
                ).first()
                return try Rows.brand(row.orThrow())
            }
        }
    }

    /// Applies the fields given; 404 for an unknown brand, 409 for a taken name or slug.
    func update(id: Int, name: String?, slug: String?) async throws -> Brand {
        var fields: [SQLQueryString] = []
        if let name { fields.append("name = \(bind: name)") }
        if let slug { fields.append("slug = \(bind: slug)") }
        let statement = Rows.patch("brands", set: fields, where: "id = \(bind: id)", returning: Rows.brand)
        return try await Constraints.unique("brands", "Brand", ["name", "slug"]) {
            let row = try await database.transaction { sql in try await sql.raw(statement).first() }
            guard let row else { throw CatalogErrors.notFound }
            return try Rows.brand(row)
        }
    }

    /// Deletes a brand no product uses; 404 when unknown, 409 (nothing deleted) when used.
    func delete(id: Int) async throws {
        let reason = "Brand is used by products; reassign or delete them first"
        try await InUse.guarding(reason) {
            try await database.transaction { sql in
                guard try await Constraints.exists("brands", id: id, on: sql) else { throw CatalogErrors.notFound }
                let used = try await sql.raw("SELECT 1 AS used FROM products WHERE brand_id = \(bind: id) LIMIT 1")
                    .first()
                if used != nil { throw CatalogErrors.inUse(reason) }
                // Of parallel deletes that all found the brand, the one whose DELETE removed it
                // answers 204; the others, 404.
                let deleted = try await sql.raw("DELETE FROM brands WHERE id = \(bind: id) RETURNING id").first()
                guard deleted != nil else { throw CatalogErrors.notFound }
            }
        }
    }
}
