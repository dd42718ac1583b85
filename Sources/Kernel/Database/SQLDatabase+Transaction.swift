extension SQLDatabase {
    /// Runs `body` between `begin` and COMMIT on this connection, rolling back when it throws.
    /// Both engines' `Database.transaction` use it; the connection must not be shared meanwhile.
    func inTransaction<T: Sendable>(begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws
        -> T
    {
        try await raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(self)
            try await raw("COMMIT").run()
            return result
        } catch {
            try? await raw("ROLLBACK").run()
            throw error
        }
    }
}
