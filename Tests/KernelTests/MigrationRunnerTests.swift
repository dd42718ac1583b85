import Kernel
import Logging
import TestSupport
import Testing

@Suite("Migration ledger")
struct MigrationRunnerTests {
    static let first = Migration(
        1, "create_things", ["CREATE TABLE things (id {{pk}}, name VARCHAR(20) NOT NULL, at {{timestamp}})"])
    static let second = Migration(2, "index_things", ["CREATE UNIQUE INDEX uq_things_name ON things (name)"])

    func withDatabase(_ backend: Backend, _ body: @Sendable (any Database) async throws -> Void) async throws {
        try await TestDatabase.with(backend) { url in
            try await TestDatabase.using(DatabaseSettings(url: url), body)
        }
    }

    @Test(arguments: TestEnvironment.backends) func appliesOnceAndRecords(backend: Backend) async throws {
        try await withDatabase(backend) { database in
            let runner = MigrationRunner(database: database, logger: Logger(label: "test"))
            let ran = try await runner.migrate([(id: "things", migrations: [Self.first, Self.second])])
            #expect(ran.map(\.version) == [1, 2])
            #expect(try await runner.migrate([(id: "things", migrations: [Self.first, Self.second])]).isEmpty)
            let status = try await runner.status([(id: "things", migrations: [Self.first, Self.second])])
            #expect(status.allSatisfy { $0.applied })
            let rows = try await database.sql.raw(
                "SELECT module, version, name, checksum FROM ecom_migrations ORDER BY version"
            ).all()
            #expect(rows.count == 2)
            let checksum = try rows[0].decode(column: "checksum", as: String.self)
            #expect(checksum == Self.first.checksum)
        }
    }

    @Test(arguments: TestEnvironment.backends) func editedMigrationIsAnError(backend: Backend) async throws {
        try await withDatabase(backend) { database in
            let runner = MigrationRunner(database: database, logger: Logger(label: "test"))
            try await runner.migrate([(id: "things", migrations: [Self.first])])
            let edited = Migration(1, "create_things", ["CREATE TABLE things (id {{pk}})"])
            await #expect(throws: MigrationError.self) {
                try await runner.migrate([(id: "things", migrations: [edited])])
            }
        }
    }

    @Test(arguments: TestEnvironment.backends) func failedMigrationRollsBack(backend: Backend) async throws {
        try await withDatabase(backend) { database in
            let runner = MigrationRunner(database: database, logger: Logger(label: "test"))
            let broken = Migration(1, "broken", ["CREATE TABLE half (id INTEGER)", "CREATE TABLE nonsense ((("])
            await #expect(throws: MigrationError.self) {
                try await runner.migrate([(id: "things", migrations: [broken])])
            }
            let status = try await runner.status([(id: "things", migrations: [broken])])
            #expect(status.first?.applied == false)
            // The first statement was rolled back with the second.
            await #expect(throws: (any Error).self) { try await database.sql.raw("SELECT * FROM half").run() }
        }
    }

    @Test(arguments: TestEnvironment.backends) func concurrentMigratorsApplyOnce(backend: Backend) async throws {
        try await TestDatabase.with(backend) { url in
            let migrations = [Self.first, Self.second]
            // Separate database handles (separate pools), like two processes starting together.
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await TestDatabase.using(DatabaseSettings(url: url)) { database in
                            let runner = MigrationRunner(database: database, logger: Logger(label: "t"))
                            return try await runner.migrate([(id: "things", migrations: migrations)]).count
                        }
                    }
                }
                var counts: [Int] = []
                for try await count in group { counts.append(count) }
                return counts
            }
            #expect(results.reduce(0, +) == 2)
        }
    }
}

@Suite("PostgreSQL settings")
struct PostgresSettingsTests {
    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)))
    func statementTimeoutIsApplied() async throws {
        try await TestDatabase.with(.postgres) { url in
            let settings = DatabaseSettings(url: url, statementTimeoutSeconds: 0.2)
            try await TestDatabase.using(settings) { database in
                let row = try await database.sql.raw("SHOW statement_timeout").first()
                #expect(try row?.decode(column: "statement_timeout", as: String.self) == "200ms")
                await #expect(throws: (any Error).self) { try await database.sql.raw("SELECT pg_sleep(1)").run() }
            }
        }
    }
}
