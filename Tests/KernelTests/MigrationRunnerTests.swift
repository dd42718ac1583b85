import Foundation
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

extension MigrationRunnerTests {
    static let other = (id: "other", migrations: [Migration(1, "create_other", ["CREATE TABLE other (id {{pk}})"])])

    /// A newer ecom recorded `things 2` and a migration of a module this build lacks: nothing
    /// applies or starts on it, and the status lists both as unknown. The rows of a module that
    /// is compiled in but not enabled are known.
    @Test(arguments: TestEnvironment.backends) func unknownLedgerRowsAreRefused(backend: Backend) async throws {
        try await withDatabase(backend) { database in
            let runner = MigrationRunner(database: database, logger: Logger(label: "test"))
            let things = (id: "things", migrations: [Self.first])
            try await runner.migrate([things, Self.other])
            #expect(try await runner.migrate([things], compiled: [things, Self.other]).isEmpty)
            #expect(try await runner.pending([things], compiled: [things, Self.other]).isEmpty)
            try await database.sql.raw(
                """
                INSERT INTO ecom_migrations (module, version, name, checksum, applied_at)
                VALUES ('things', 2, 'future_thing', 'x', \(bind: Date())), ('reviews', 1, 'create_reviews', 'y', \(bind: Date()))
                """
            ).run()
            let expected = "(reviews 1 create_reviews, things 2 future_thing)"
            let refused = await #expect(throws: MigrationError.self) {
                let later = (
                    id: "later", migrations: [Migration(1, "create_later", ["CREATE TABLE later (id {{pk}})"])]
                )
                try await runner.migrate([things, later], compiled: [things, Self.other, later])
            }
            #expect(refused?.message.contains("migrated by a newer ecom") == true, "\(String(describing: refused))")
            #expect(refused?.message.contains(expected) == true, "\(String(describing: refused))")
            // Refused before anything was applied.
            await #expect(throws: (any Error).self) { try await database.sql.raw("SELECT * FROM later").run() }
            let pending = await #expect(throws: MigrationError.self) {
                try await runner.pending([things], compiled: [things, Self.other])
            }
            #expect(pending?.message.contains(expected) == true)
            let status = try await runner.status([things], compiled: [things, Self.other])
            #expect(
                status.map { "\($0.state) \($0.module) \($0.version) \($0.name)" } == [
                    "applied things 1 create_things", "unknown reviews 1 create_reviews",
                    "unknown things 2 future_thing",
                ])
        }
    }

    /// With nothing pending, migrating only reads the ledger: it neither waits for another
    /// process's write transaction (SQLite, whose busy timeout is 10 s) nor for a migrator
    /// holding the advisory lock (PostgreSQL).
    @Test(arguments: TestEnvironment.backends) func nothingPendingTakesNoLock(backend: Backend) async throws {
        try await TestDatabase.with(backend) { url in
            let plan = [(id: "things", migrations: [Self.first, Self.second])]
            try await TestDatabase.using(DatabaseSettings(url: url)) { database in
                try await MigrationRunner(database: database, logger: Logger(label: "t")).migrate(plan)
            }
            try await TestDatabase.using(DatabaseSettings(url: url)) { holder in
                try await holder.withConnection { connection in
                    if backend == .sqlite {
                        try await connection.raw("BEGIN IMMEDIATE").run()
                        try await connection.raw("INSERT INTO things (name) VALUES ('held')").run()
                    } else {
                        try await connection.raw("SELECT pg_advisory_lock(\(bind: Int64(0x6563_6f6d)))").run()
                    }
                    let start = ContinuousClock.now
                    let ran = try await TestDatabase.using(DatabaseSettings(url: url)) { database in
                        try await MigrationRunner(database: database, logger: Logger(label: "t")).migrate(plan)
                    }
                    #expect(ran.isEmpty)
                    #expect(ContinuousClock.now - start < .seconds(5))
                    if backend == .sqlite {
                        try await connection.raw("ROLLBACK").run()
                    } else {
                        try await connection.raw("SELECT pg_advisory_unlock(\(bind: Int64(0x6563_6f6d)))").run()
                    }
                }
            }
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
