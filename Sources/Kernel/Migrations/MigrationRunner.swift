import Foundation
import Logging
import SQLKit

/// The state of one migration against the ledger.
public struct MigrationStatus: Sendable, Equatable {
    public var module: String
    public var version: Int
    public var name: String
    public var applied: Bool
}

/// Applies module migrations in dependency order and keeps the ledger table `ecom_migrations`
/// (module, version, name, checksum, applied_at). On PostgreSQL concurrent migrators serialise
/// on an advisory lock; on SQLite on `BEGIN IMMEDIATE`.
public struct MigrationRunner: Sendable {
    /// The PostgreSQL advisory lock key ("ecom" in ASCII).
    static let advisoryLockKey: Int64 = 0x6563_6f6d
    let database: any Database
    let logger: Logger

    public init(database: any Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Applies every pending migration of `modules` (already in dependency order); returns what ran.
    @discardableResult
    public func migrate(_ modules: [(id: String, migrations: [Migration])]) async throws -> [MigrationStatus] {
        try await database.withConnection { connection in
            if database.kind == .postgres {
                try await connection.raw("SELECT pg_advisory_lock(\(bind: Self.advisoryLockKey))").run()
            }
            do {
                let applied = try await apply(modules, on: connection)
                if database.kind == .postgres {
                    try await connection.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryLockKey))").run()
                }
                return applied
            } catch {
                if database.kind == .postgres {
                    try? await connection.raw("SELECT pg_advisory_unlock(\(bind: Self.advisoryLockKey))").run()
                }
                throw error
            }
        }
    }

    /// Every migration of `modules` with its applied state; checks checksums.
    public func status(_ modules: [(id: String, migrations: [Migration])]) async throws -> [MigrationStatus] {
        try await database.withConnection { connection in
            try await ensureLedger(connection)
            let ledger = try await readLedger(connection)
            return try modules.flatMap { module in
                try module.migrations.map { migration in
                    let applied = try verify(migration, module: module.id, ledger: ledger)
                    return MigrationStatus(
                        module: module.id, version: migration.version, name: migration.name, applied: applied)
                }
            }
        }
    }

    private func apply(_ modules: [(id: String, migrations: [Migration])], on connection: any SQLDatabase) async throws
        -> [MigrationStatus]
    {
        try await ensureLedger(connection)
        var ran: [MigrationStatus] = []
        for module in modules {
            try Self.checkOrder(module.migrations, module: module.id)
            for migration in module.migrations.sorted(by: { $0.version < $1.version }) {
                // Check the ledger inside the transaction: another process may have applied the
                // migration since we last looked (SQLite's BEGIN IMMEDIATE serialises writers).
                try await connection.raw(database.kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
                do {
                    if try verify(migration, module: module.id, ledger: try await readLedger(connection)) {
                        try await connection.raw("COMMIT").run()
                        continue
                    }
                    for statement in migration.rendered(for: database.kind) {
                        try await connection.raw(SQLQueryString(statement)).run()
                    }
                    try await connection.raw(
                        """
                        INSERT INTO ecom_migrations (module, version, name, checksum, applied_at)
                        VALUES (\(bind: module.id), \(bind: migration.version), \(bind: migration.name), \
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
                            "migration \(module.id) \(migration.version) \(migration.name) failed: \(String(reflecting: error))"
                    )
                }
                logger.info(
                    "applied migration",
                    metadata: [
                        "module": "\(module.id)", "version": "\(migration.version)", "name": "\(migration.name)",
                    ])
                ran.append(
                    MigrationStatus(module: module.id, version: migration.version, name: migration.name, applied: true))
            }
        }
        return ran
    }

    private func ensureLedger(_ connection: any SQLDatabase) async throws {
        let ddl = Migration(
            0, "ledger",
            [
                """
                CREATE TABLE IF NOT EXISTS ecom_migrations (
                    module VARCHAR(64) NOT NULL, version INTEGER NOT NULL, name VARCHAR(200) NOT NULL,
                    checksum VARCHAR(64) NOT NULL, applied_at {{timestamp}} NOT NULL, PRIMARY KEY (module, version))
                """
            ]
        ).rendered(for: database.kind)[0]
        try await connection.raw(SQLQueryString(ddl)).run()
    }

    private struct LedgerRow: Decodable {
        var module: String
        var version: Int
        var checksum: String
    }

    private func readLedger(_ connection: any SQLDatabase) async throws -> [String: String] {
        let rows = try await connection.raw("SELECT module, version, checksum FROM ecom_migrations").all(
            decoding: LedgerRow.self)
        return Dictionary(
            rows.map { ("\($0.module)#\($0.version)", $0.checksum) }, uniquingKeysWith: { first, _ in first })
    }

    private func verify(_ migration: Migration, module: String, ledger: [String: String]) throws -> Bool {
        guard let recorded = ledger["\(module)#\(migration.version)"] else { return false }
        guard recorded == migration.checksum else {
            throw MigrationError(
                message:
                    "migration \(module) \(migration.version) \(migration.name) was edited after it was applied (checksum mismatch); add a new migration instead"
            )
        }
        return true
    }

    static func checkOrder(_ migrations: [Migration], module: String) throws {
        let versions = migrations.map(\.version)
        guard Set(versions).count == versions.count else {
            throw MigrationError(message: "module \(module) declares the same migration version twice")
        }
    }
}

/// A migration could not be applied or the ledger disagrees with the code.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
