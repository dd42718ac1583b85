import SQLKit

/// The ledger table `ecom_migrations` and what it says about a set of modules.
extension MigrationRunner {
    /// One row of the ledger.
    struct LedgerRow: Decodable {
        var module: String
        var version: Int
        var name: String
        var checksum: String

        var key: String { "\(module)#\(version)" }
    }

    /// One migration of one module, in the order it is applied.
    struct Step {
        var module: String
        var migration: Migration
    }

    func ensureLedger(_ connection: any SQLDatabase) async throws {
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

    /// The ledger by `module#version`, empty when the table does not exist yet. A plain read:
    /// it creates nothing and takes no lock, so it runs beside another process's write
    /// transaction (SQLite in WAL mode) or migration (PostgreSQL).
    func readLedger(_ connection: any SQLDatabase) async throws -> [String: LedgerRow] {
        let exists: SQLQueryString =
            switch database.kind {
            case .sqlite:
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'ecom_migrations'"
            case .postgres:
                "SELECT CASE WHEN to_regclass('ecom_migrations') IS NULL THEN 0 ELSE 1 END AS n"
            }
        guard try await connection.raw(exists).first()?.decode(column: "n", as: Int.self) == 1 else { return [:] }
        let rows = try await connection.raw("SELECT module, version, name, checksum FROM ecom_migrations").all(
            decoding: LedgerRow.self)
        return Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The migrations of `modules` that `ledger` does not record, in the order to apply them.
    /// Throws when the ledger records a migration that no module of `compiled` declares, or one
    /// with another checksum than its module's.
    func pendingSteps(_ modules: Plan, compiled: Plan, ledger: [String: LedgerRow]) throws -> [Step] {
        let unknown = Self.unknown(compiled: compiled, ledger: ledger)
        guard unknown.isEmpty else { throw MigrationError.unknown(unknown) }
        var pending: [Step] = []
        for module in modules {
            try Self.checkOrder(module.migrations, module: module.id)
            for migration in module.migrations.sorted(by: { $0.version < $1.version }) {
                if try !verify(migration, module: module.id, ledger: ledger) {
                    pending.append(Step(module: module.id, migration: migration))
                }
            }
        }
        return pending
    }

    /// Ledger rows that no module of `compiled` (enabled or not) declares, by module and version.
    static func unknown(compiled: Plan, ledger: [String: LedgerRow]) -> [MigrationStatus] {
        let known = Set(compiled.flatMap { module in module.migrations.map { "\(module.id)#\($0.version)" } })
        return ledger.values.filter { !known.contains($0.key) }
            .sorted { ($0.module, $0.version) < ($1.module, $1.version) }
            .map { MigrationStatus(module: $0.module, version: $0.version, name: $0.name, state: .unknown) }
    }

    /// Whether `ledger` records `migration`; throws when it records it with another checksum.
    func verify(_ migration: Migration, module: String, ledger: [String: LedgerRow]) throws -> Bool {
        guard let recorded = ledger["\(module)#\(migration.version)"] else { return false }
        guard recorded.checksum == migration.checksum else {
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

extension ModuleRegistry {
    /// The migrations of every compiled module, enabled or not: what the ledger may record.
    var migrationPlan: MigrationRunner.Plan {
        available.map { (id: $0.id, migrations: $0.migrations) }
    }
}
