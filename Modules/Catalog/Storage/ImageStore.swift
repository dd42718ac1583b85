import Kernel

/// The `product_images` table. Every write locks the product row first (PostgreSQL), so
/// concurrent "make this one primary" calls are serialised and at most one image is primary;
/// the partial unique index `uq_product_images_primary` guarantees it whatever happens.
struct ImageStore: Sendable {
    let database: any Database

    /// A product's images by position, then id.
    func images(productID: Int, on sql: (any SQLDatabase)? = nil) async throws -> [ProductImage] {
        try await (sql ?? database.sql).raw(
            """
            SELECT \(unsafeRaw: Rows.image) FROM product_images WHERE product_id = \(bind: productID)
            ORDER BY position, id
            """
        ).all().map(Rows.image)
    }

    /// Adds an image; 404 `Product not found`. A primary image takes over from the others.
    func add(productID: Int, url: String, isPrimary: Bool, position: Int) async throws -> ProductImage {
        try await database.transaction { sql in
            try await lockProduct(productID, on: sql)
            if isPrimary { try await clearPrimary(productID, except: nil, on: sql) }
            let row = try await sql.raw(
                """
                INSERT INTO product_images (product_id, url, is_primary, position, created_at)
                VALUES (\(bind: productID), \(bind: url), \(bind: isPrimary), \(bind: position), \(bind: Timestamp.now()))
                RETURNING \(unsafeRaw: Rows.image)
                """
            ).first()
            return try Rows.image(row.orThrow())
        }
    }

    /// A product's images; 404 `Product not found`.
    func list(productID: Int) async throws -> [ProductImage] {
        guard try await Constraints.exists("products", id: productID, on: database.sql) else {
            throw CatalogErrors.productNotFound
        }
        return try await images(productID: productID)
    }

    /// Applies the fields given; 404 for an unknown product or an image of another product.
    func update(productID: Int, imageID: Int, url: String?, isPrimary: Bool?, position: Int?) async throws
        -> ProductImage
    {
        var fields: [SQLQueryString] = []
        if let url { fields.append("url = \(bind: url)") }
        if let isPrimary { fields.append("is_primary = \(bind: isPrimary)") }
        if let position { fields.append("position = \(bind: position)") }
        let assignments = fields
        return try await database.transaction { sql in
            try await lockProduct(productID, on: sql)
            if isPrimary == true { try await clearPrimary(productID, except: imageID, on: sql) }
            let target: SQLQueryString = "id = \(bind: imageID) AND product_id = \(bind: productID)"
            let row = try await sql.raw(
                Rows.patch("product_images", set: assignments, where: target, returning: Rows.image)
            ).first()
            guard let row else { throw CatalogErrors.imageNotFound }
            return try Rows.image(row)
        }
    }

    /// Deletes an image; 404 for an unknown product or image. Deleting the primary image
    /// leaves the product without one until another is marked primary.
    func delete(productID: Int, imageID: Int) async throws {
        try await database.transaction { sql in
            try await lockProduct(productID, on: sql)
            let row = try await sql.raw(
                """
                DELETE FROM product_images WHERE id = \(bind: imageID) AND product_id = \(bind: productID)
                RETURNING id
                """
            ).first()
            if row == nil { throw CatalogErrors.imageNotFound }
        }
    }

    private func lockProduct(_ id: Int, on sql: any SQLDatabase) async throws {
        let lock = database.kind.rowLock(.update)
        let row = try await sql.raw("SELECT id FROM products WHERE id = \(bind: id)\(lock)").first()
        if row == nil { throw CatalogErrors.productNotFound }
    }

    private func clearPrimary(_ productID: Int, except imageID: Int?, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE product_images SET is_primary = \(bind: false)
            WHERE product_id = \(bind: productID) AND is_primary = \(bind: true) AND id <> \(bind: imageID ?? 0)
            """
        ).run()
    }
}
