extension SQLDatabase {
    /// Runs `body` between `begin` and COMMIT on this connection, rolling back when it throws,
    /// and also when the task was cancelled meanwhile: a request answered 503 at its timeout
    /// (which cancels its work) must not commit afterwards, once the lock it waited for is free.
    /// Both engines' `Database.transaction` use it; the connection must not be shared meanwhile.
    func inTransaction<T: Sendable>(begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws
        -> T
    {
        try await raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(self)
            try Task.checkCancellation()
            try await raw("COMMIT").run()
            return result
        } catch {
            // In a task of its own, which a cancellation of this one does not reach: SQLite
            // refuses to start a statement in a cancelled task, and a connection left inside
            // the transaction would refuse every later BEGIN.
            let connection = self
            await Task { try? await connection.raw("ROLLBACK").run() }.value
            throw error
        }
    }
}
