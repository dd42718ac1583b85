import Kernel

/// The `products` table: admin writes and reads by id.
struct ProductStore: Sendable {
    let database: any Database

    /// The product with `id`, active or not.
    func product(id: Int) async throws -> Product? {
        try await database.sql.raw("SELECT \(unsafeRaw: Rows.product) FROM products WHERE id = \(bind: id)").first()
            .map(Rows.product)
    }

    /// Inserts a product; 422 for an unknown brand or category, 409 for a taken sku or slug.
    func create(_ draft: ProductDraft) async throws -> Product {
        try await Self.translating {
            try await database.transaction { sql in
                try await Self.checkReferences(brandID: draft.brandID, categoryID: draft.categoryID, on: sql)
                let row = try await sql.raw(
                    """
                    INSERT INTO products (\(unsafeRaw: ProductDraft.columns)) VALUES \(draft.values(createdAt: Timestamp.now()))
                    RETURNING \(unsafeRaw: Rows.product)
                    """
                ).first()
                return try Rows.product(row.orThrow())
            }
        }
    }

    /// Applies the fields given; 404, 422 (unknown brand or category), 409 (taken sku or slug).
    func update(id: Int, _ changes: ProductChanges) async throws -> Product {
        var fields: [SQLQueryString] = []
        let foldedName = changes.name.map(CatalogLimits.foldedName)
        let foldedSlug = changes.slug.map(CatalogLimits.foldedSlug)
        if let sku = changes.sku { fields.append("sku = \(bind: sku)") }
        if let name = changes.name, let foldedName {
            fields.append("name = \(bind: name), name_folded = \(bind: foldedName)")
        }
        if let slug = changes.slug, let foldedSlug {
            fields.append("slug = \(bind: slug), slug_folded = \(bind: foldedSlug)")
        }
        if changes.brandID.isPresent { fields.append("brand_id = \(bind: changes.brandID.value)") }
        if changes.categoryID.isPresent { fields.append("category_id = \(bind: changes.categoryID.value)") }
        if let price = changes.priceCents { fields.append("price_cents = \(bind: price)") }
        if let active = changes.isActive { fields.append("is_active = \(bind: active)") }
        let assignments = fields
        let lock = database.kind.rowLock(.update)
        return try await Self.translating {
            try await database.transaction { sql in
                let current = try await sql.raw(
                    "SELECT \(unsafeRaw: Rows.product) FROM products WHERE id = \(bind: id)\(lock)"
                ).first().map(Rows.product)
                guard let current else { throw CatalogErrors.notFound }
                guard !assignments.isEmpty else { return current }
                var setting = assignments
                if foldedName != nil || foldedSlug != nil {
                    let text = CatalogLimits.searchText(
                        foldedName: foldedName ?? CatalogLimits.foldedName(current.name),
                        foldedSlug: foldedSlug ?? CatalogLimits.foldedSlug(current.slug))
                    setting.append("search_folded = \(bind: text)")
                }
                try await Self.checkReferences(
                    brandID: changes.brandID.value, categoryID: changes.categoryID.value, on: sql)
                let row = try await sql.raw(
                    """
                    UPDATE products SET \(setting.joined(separator: ", ")) WHERE id = \(bind: id)
                    RETURNING \(unsafeRaw: Rows.product)
                    """
                ).first()
                return try Rows.product(row.orThrow())
            }
        }
    }

    /// Deletes a product and its images; 404, or 409 (nothing deleted) while anything else,
    /// such as an order item, still references it.
    func delete(id: Int) async throws {
        try await InUse.guarding("Product is referenced by orders; set is_active to false instead") {
            let row = try await database.transaction { sql in
                try await sql.raw("DELETE FROM products WHERE id = \(bind: id) RETURNING id").first()
            }
            if row == nil { throw CatalogErrors.notFound }
        }
    }

    private static func checkReferences(brandID: Int?, categoryID: Int?, on sql: any SQLDatabase) async throws {
        try await Constraints.reference("brand_id", brandID, in: "brands", "Brand", on: sql)
        try await Constraints.reference("category_id", categoryID, in: "categories", "Category", on: sql)
    }

    /// 409 for taken sku/slug; a brand or category deleted between the check and the write
    /// (PostgreSQL) fails its foreign key, which is the same 422 as an unknown id.
    private static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await Constraints.unique("products", "Product", ["sku", "slug"], body)
        } catch {
            guard let failure = DatabaseFailure(error), case .foreignKeyViolation = failure else { throw error }
            let field = failure.isForeignKey(table: "products", column: "category_id") ? "category_id" : "brand_id"
            throw AppError.invalid(
                ValidationIssue(
                    type: "reference_not_found", loc: ["body", .string(field)],
                    msg: "The referenced row does not exist",
                    input: .null))
        }
    }
}
