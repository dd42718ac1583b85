import Foundation
import Logging
import SQLKit

/// Applies module migrations in dependency order and keeps the ledger table `ecom_migrations`
/// (module, version, name, checksum, applied_at).
///
/// The ledger is read first, without a lock: a start with nothing to apply writes nothing and
/// waits for no one. Only when something is pending do concurrent migrators serialise, on an
/// advisory lock on PostgreSQL and on `BEGIN IMMEDIATE` on SQLite, and each migration is
/// checked again inside its transaction, so two processes never apply one twice.
///
/// A ledger row that no compiled module declares (a newer ecom migrated the database) stops
/// `migrate` and `pending` with an error naming it; `status` lists it as `unknown`.
public struct MigrationRunner: Sendable {
    /// Modules with their migrations: the enabled ones in dependency order, or every compiled one.
    public typealias Plan = [(id: String, migrations: [Migration])]

    /// The PostgreSQL advisory lock key ("ecom" in ASCII).
    static let advisoryLockKey: Int64 = 0x6563_6f6d
    let database: any Database
    let logger: Logger

    public init(database: any Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Applies every pending migration of `modules` (already in dependency order); returns what ran.
    /// - Parameter compiled: every module compiled in, enabled or not (default: `modules`); the
    ///   ledger may record migrations of these and no others.
    @discardableResult
    public func migrate(_ modules: Plan, compiled: Plan? = nil) async throws -> [MigrationStatus] {
        try await database.withConnection { connection in
            let ledger = try await readLedger(connection)
            let pending = try pendingSteps(modules, compiled: compiled ?? modules, ledger: ledger)
            guard !pending.isEmpty else { return [] }
            guard database.kind == .postgres else { return try await apply(pending, on: connection) }
            try await connection.raw("SELECT pg_advisory_lock(\(bind: Self.advisoryLockKey))").run()
            do {
                let applied = try await apply(pending, on: connection)
                try await connection.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryLockKey))").run()
                return applied
            } catch {
                try? await connection.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryLockKey))").run()
                throw error
            }
        }
    }

    /// The migrations of `modules` not applied yet; throws as `migrate` would on a ledger that
    /// disagrees with the code. Reads only.
    public func pending(_ modules: Plan, compiled: Plan? = nil) async throws -> [MigrationStatus] {
        try await database.withConnection { connection in
            let ledger = try await readLedger(connection)
            return try pendingSteps(modules, compiled: compiled ?? modules, ledger: ledger).map {
                MigrationStatus(
                    module: $0.module, version: $0.migration.version, name: $0.migration.name, state: .pending)
            }
        }
    }

    /// Every migration of `modules` with its state, then the ledger's rows that no module of
    /// `compiled` declares (default: `modules`) as `unknown`; checks checksums. Reads only.
    public func status(_ modules: Plan, compiled: Plan? = nil) async throws -> [MigrationStatus] {
        try await database.withConnection { connection in
            let ledger = try await readLedger(connection)
            let declared = try modules.flatMap { module in
                try module.migrations.map { migration in
                    let applied = try verify(migration, module: module.id, ledger: ledger)
                    return MigrationStatus(
                        module: module.id, version: migration.version, name: migration.name,
                        state: applied ? .applied : .pending)
                }
            }
            return declared + Self.unknown(compiled: compiled ?? modules, ledger: ledger)
        }
    }

    /// Applies `steps`, each in its own transaction after checking the ledger again: another
    /// process may have applied it since we looked (SQLite's `BEGIN IMMEDIATE` serialises
    /// writers, PostgreSQL migrators hold the advisory lock).
    private func apply(_ steps: [Step], on connection: any SQLDatabase) async throws -> [MigrationStatus] {
        try await ensureLedger(connection)
        var ran: [MigrationStatus] = []
        for step in steps {
            let (module, migration) = (step.module, step.migration)
            try await connection.raw(database.kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                if try verify(migration, module: module, ledger: try await readLedger(connection)) {
                    try await connection.raw("COMMIT").run()
                    continue
                }
                for statement in migration.rendered(for: database.kind) {
                    try await connection.raw(SQLQueryString(statement)).run()
                }
                try await connection.raw(
                    """
                    INSERT INTO ecom_migrations (module, version, name, checksum, applied_at)
                    VALUES (\(bind: module), \(bind: migration.version), \(bind: migration.name), \
                    \(bind: migration.checksum), \(bind: Date()))
                    """
                ).run()
                try await connection.raw("COMMIT").run()
            } catch let error as MigrationError {
                try? await connection.raw("ROLLBACK").run()
                throw error
            } catch {
                try? await connection.raw("ROLLBACK").run()
                throw MigrationError(
                    message:
                        "migration \(module) \(migration.version) \(migration.name) failed: \(String(reflecting: error))"
                )
            }
            logger.info(
                "applied migration",
                metadata: ["module": "\(module)", "version": "\(migration.version)", "name": "\(migration.name)"])
            ran.append(
                MigrationStatus(module: module, version: migration.version, name: migration.name, state: .applied))
        }
        return ran
    }
}
