import Kernel

/// Turns constraint violations into the answers the API promises, and holds the checks that
/// run inside a write's transaction before it touches anything.
enum Constraints {
    /// Runs `body`; a unique violation on one of `columns` of `table` becomes a 409 naming the
    /// column (a race lost to a concurrent insert ends the same way as a plain duplicate).
    static func unique<T>(
        _ table: String, _ resource: String, _ columns: [String], _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            if let failure = DatabaseFailure(error),
                let column = columns.first(where: {
                    failure.isUnique(table: table, column: $0)
                })
            {
                throw CatalogErrors.duplicate(resource, column)
            }
            throw error
        }
    }

    /// Runs `body`; a foreign-key violation (the referenced row was deleted between the check
    /// and the write, on PostgreSQL) becomes the same 422 as an unknown id in `field`.
    static func referenced<T>(
        _ field: String, _ id: Int?, _ resource: String, _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            guard case .foreignKeyViolation = DatabaseFailure(error), let id else { throw error }
            throw CatalogErrors.unknownReference(field, id, resource)
        }
    }

    /// True when a row with `id` exists in `table`.
    static func exists(_ table: String, id: Int, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT 1 AS found FROM \(ident: table) WHERE id = \(bind: id)").first() != nil
    }

    /// 422 naming `field` when `id` is given and no row of `table` has it.
    static func reference(
        _ field: String, _ id: Int?, in table: String, _ resource: String, on sql: any SQLDatabase
    ) async throws {
        guard let id else { return }
        guard try await exists(table, id: id, on: sql) else {
            throw CatalogErrors.unknownReference(field, id, resource)
        }
    }
}
