import SQLKit

/// Which engine a database runs on. Module SQL is written once with SQLKit; the few places
/// where the engines differ (upserts, locking) branch on this.
public enum DatabaseKind: String, Sendable {
    case postgres
    case sqlite
}

/// The kernel's database: PostgreSQL in production, SQLite by default, one SQLKit interface.
/// Every value is a bound parameter (`\(bind: value)` in a `SQLQueryString`).
///
/// ```swift
/// let rows = try await db.sql.raw("SELECT id FROM brands WHERE slug = \(bind: slug)").all()
/// try await db.transaction { tx in
///     try await tx.raw("UPDATE inventory SET qty = qty - \(bind: n) WHERE product_id = \(bind: id)").run()
/// }
/// ```
public protocol Database: Sendable {
    /// The engine.
    var kind: DatabaseKind { get }
    /// A handle for single statements; each statement runs on a pooled connection. For reads:
    /// on SQLite these run on reader connections, and a write there would wait on SQLite's
    /// lock by spinning instead of queueing for the one writer, so writes go through
    /// `transaction`, even a single statement.
    var sql: any SQLDatabase { get }
    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back
    /// when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` on one dedicated connection outside a transaction (advisory locks, migrations).
    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs the pool until cancelled (a `Service` body); SQLite returns at once.
    func run() async
    /// Fails with a clear reason when the database cannot be used (called at startup, once
    /// `run` has started); SQLite, opened already, has nothing to check.
    func probe() async throws
    /// Closes every connection.
    func shutdown() async
    /// A number that changes when another process commits to the database, so that an
    /// in-process cache can notice writes it was not told of; nil when the engine cannot tell
    /// or nobody else can write (PostgreSQL, whose instances share Redis instead; SQLite in
    /// memory).
    func externalChangeMarker() async throws -> Int64?
    /// The budget of a statement run on its own for the call being served, so that it cannot
    /// commit after the call's 503 (`StatementBudget`); nil outside a call with a deadline,
    /// with too little time left, or when the engine cannot enforce it (SQLite; PostgreSQL
    /// while its clock is not known): then such a write runs in a transaction.
    func statementBudget() -> StatementBudget?
}

extension Database {
    public func probe() async throws {}

    public func externalChangeMarker() async throws -> Int64? { nil }

    public func statementBudget() -> StatementBudget? { nil }

    /// Checks the database answers `SELECT 1`.
    public func ping() async throws {
        try await sql.raw("SELECT 1 AS one").run()
    }
}

extension DatabaseKind {
    /// A lock a `SELECT` takes on the rows it reads, until its transaction ends.
    public enum RowLock: Sendable {
        /// Writers wait (`FOR UPDATE`): for read-then-write under the row.
        case update
        /// Writers wait but other readers may share it (`FOR SHARE`): for a row that must not
        /// change while a statement depends on it.
        case share
    }

    /// The clause that ends a `SELECT` to take `lock`, with its leading space: ` FOR UPDATE` or
    /// ` FOR SHARE` on PostgreSQL; nothing on SQLite, which has no such clause and runs one
    /// write transaction at a time anyway.
    ///
    /// ```swift
    /// let row = try await tx.raw("SELECT qty FROM inventory WHERE product_id = \(bind: id)\(database.kind.rowLock(.update))").first()
    /// ```
    public func rowLock(_ lock: RowLock) -> SQLQueryString {
        switch (self, lock) {
        case (.postgres, .update): " FOR UPDATE"
        case (.postgres, .share): " FOR SHARE"
        case (.sqlite, _): ""
        }
    }
}
