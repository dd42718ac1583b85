import Kernel

/// Deletes of rows that something may still reference: the check inside the transaction
/// answers the common case, and a foreign-key violation (a reference added concurrently, or
/// one from another module's table such as `order_items`) ends the same way: 409, nothing
/// deleted.
enum InUse {
    static func guarding<T>(_ reason: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            if case .foreignKeyViolation = DatabaseFailure(error) { throw CatalogErrors.inUse(reason) }
            throw error
        }
    }
}

extension Optional where Wrapped == any SQLRow {
    /// The row a `RETURNING` statement must produce.
    func orThrow() throws -> any SQLRow {
        guard let row = self else { throw AppError.internalError }
        return row
    }
}
