import Kernel

/// The `categories` table: a tree by `parent_id`, kept free of cycles.
struct CategoryStore: Sendable {
    let database: any Database

    /// The key of the PostgreSQL advisory lock (transaction-scoped) that changes to the tree
    /// take, so that two re-parentings cannot each pass the cycle check and together close a
    /// loop. Any number no other advisory lock of the application uses (the migration runner's
    /// is `0x6563_6f6d`).
    static let treeLockKey: Int64 = 7_301_001

    /// Every category by name (then id).
    func all() async throws -> [Category] {
        try await database.sql.raw("SELECT \(unsafeRaw: Rows.category) FROM categories ORDER BY name, id").all()
            .map(Rows.category)
    }

    /// Inserts a category; 422 for an unknown parent, 409 for a taken slug.
    func create(name: String, slug: String, parentID: Int?) async throws -> Category {
        try await Constraints.unique("categories", "Category", ["slug"]) {
            try await Constraints.referenced("parent_id", parentID, "Category") {
                try await insert(name: name, slug: slug, parentID: parentID)
            }
        }
    }

    private func insert(name: String, slug: String, parentID: Int?) async throws -> Category {
        try await database.transaction { sql in
            try await Constraints.reference("parent_id", parentID, in: "categories", "Category", on: sql)
            let row = try await sql.raw(
                """
                INSERT INTO categories (name, slug, parent_id) VALUES (\(bind: name), \(bind: slug), \(bind: parentID))
                RETURNING \(unsafeRaw: Rows.category)
                """
            ).first()
            return try Rows.category(row.orThrow())
        }
    }

    /// Applies the fields given (`parent` `.null` detaches); 404, 422 (unknown parent or a
    /// cycle), 409 (taken slug).
    func update(id: Int, name: String?, slug: String?, parent: Patch<Int>) async throws -> Category {
        var fields: [SQLQueryString] = []
        if let name { fields.append("name = \(bind: name)") }
        if let slug { fields.append("slug = \(bind: slug)") }
        if parent.isPresent { fields.append("parent_id = \(bind: parent.value)") }
        let assignments = fields
        let kind = database.kind
        return try await Constraints.unique("categories", "Category", ["slug"]) {
            try await Constraints.referenced("parent_id", parent.value, "Category") {
                try await database.transaction { sql in
                    if let parentID = parent.value {
                        // One re-parenting at a time (`treeLockKey`); SQLite serialises write
                        // transactions anyway.
                        if kind == .postgres {
                            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.treeLockKey))").run()
                        }
                        guard try await Constraints.exists("categories", id: id, on: sql) else {
                            throw CatalogErrors.notFound
                        }
                        try await Constraints.reference("parent_id", parentID, in: "categories", "Category", on: sql)
                        if try await isAncestor(id, of: parentID, on: sql) {
                            throw CatalogErrors.categoryCycle(parentID)
                        }
                    }
                    let statement = Rows.patch(
                        "categories", set: assignments, where: "id = \(bind: id)", returning: Rows.category)
                    guard let row = try await sql.raw(statement).first() else { throw CatalogErrors.notFound }
                    return try Rows.category(row)
                }
            }
        }
    }

    /// Deletes a category without products or subcategories; 404, or 409 with nothing deleted.
    func delete(id: Int) async throws {
        let reason = "Category is used by products or subcategories; move or delete them first"
        try await InUse.guarding(reason) {
            try await database.transaction { sql in
                guard try await Constraints.exists("categories", id: id, on: sql) else { throw CatalogErrors.notFound }
                let product = try await sql.raw(
                    "SELECT 1 AS used FROM products WHERE category_id = \(bind: id) LIMIT 1"
                ).first()
                if product != nil {
                    throw CatalogErrors.inUse("Category is used by products; move or delete them first")
                }
                let child = try await sql.raw(
                    "SELECT 1 AS used FROM categories WHERE parent_id = \(bind: id) LIMIT 1"
                ).first()
                if child != nil {
                    throw CatalogErrors.inUse("Category has subcategories; move or delete them first")
                }
                // Of parallel deletes that all found the category, the one whose DELETE removed
                // it answers 204; the others, 404.
                let deleted = try await sql.raw("DELETE FROM categories WHERE id = \(bind: id) RETURNING id").first()
                guard deleted != nil else { throw CatalogErrors.notFound }
            }
        }
    }

    /// True when `candidate` is `category` itself or one of its ancestors. `UNION` (not
    /// `UNION ALL`) ends the walk even on a cycle made outside the API.
    private func isAncestor(_ candidate: Int, of category: Int, on sql: any SQLDatabase) async throws -> Bool {
        let row = try await sql.raw(
            """
            WITH RECURSIVE chain (id, parent_id) AS (
                SELECT id, parent_id FROM categories WHERE id = \(bind: category)
                UNION
                SELECT c.id, c.parent_id FROM categories c JOIN chain ON c.id = chain.parent_id
            )
            SELECT 1 AS found FROM chain WHERE id = \(bind: candidate) LIMIT 1
            """
        ).first()
        return row != nil
    }
}
