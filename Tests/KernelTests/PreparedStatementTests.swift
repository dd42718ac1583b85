import Foundation
import Logging
import TestSupport
import Testing

@testable import Kernel

@Suite("PostgreSQL prepared statements")
struct PreparedStatementTests {
    static let postgres = TestEnvironment.backends.filter { $0 == .postgres }

    /// One connection, so that every statement of a test meets the same prepared statements.
    func withDatabase(prepared: Bool = true, _ body: @Sendable (any Database) async throws -> Void) async throws {
        try await TestDatabase.with(.postgres) { url in
            let settings = DatabaseSettings(url: url, poolSize: 1, preparedStatements: prepared)
            try await TestDatabase.using(settings) { database in
                try await database.sql.raw(
                    "CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT NOT NULL, n INTEGER, at TIMESTAMPTZ)"
                ).run()
                try await body(database)
            }
        }
    }

    /// How many statements with `fragment` in their text the connection has prepared.
    func prepared(_ fragment: String, on database: any Database) async throws -> Int {
        let row = try await database.sql.raw(
            """
            SELECT COUNT(*) AS n FROM pg_prepared_statements
            WHERE statement LIKE \(bind: "%" + fragment + "%") AND statement NOT LIKE '%pg_prepared_statements%'
            """
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }

    /// A connection the server has closed (here terminated from another session, as a restart
    /// does) answers its next statement with a 503 error at once: PostgresNIO drops a statement
    /// written to a closed channel and never answers it, which held requests given such a
    /// connection by the pool until their timeout.
    @Test(arguments: postgres) func aStatementOnAConnectionTheServerClosedFailsAtOnce(_: Backend) async throws {
        try await TestDatabase.with(.postgres) { url in
            try await TestDatabase.using(DatabaseSettings(url: url, poolSize: 2)) { database in
                try await database.withConnection { sql in
                    let pid = try await sql.raw("SELECT pg_backend_pid() AS pid").first()?.decode(
                        column: "pid", as: Int.self)
                    let terminate = "SELECT pg_terminate_backend(\(try #require(pid)))"
                    _ = try await database.sql.raw(SQLQueryString(terminate)).run()
                    try await Task.sleep(for: .milliseconds(300))
                    let start = ContinuousClock.now
                    await #expect(throws: DatabaseUnavailableError.self) {
                        try await withTimeout(.seconds(5)) { try await sql.raw("SELECT \(bind: 1) AS one").run() }
                    }
                    #expect(ContinuousClock.now - start < .seconds(2))
                }
                #expect(try await database.sql.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self) == 1)
            }
        }
    }

    @Test(arguments: postgres) func aStatementWithValuesIsPreparedOnceAndRunsWithEach(_: Backend) async throws {
        try await withDatabase { database in
            for id in 1...3 {
                try await database.sql.raw(
                    "INSERT INTO things (id, name, n, at) VALUES (\(bind: id), \(bind: "thing \(id)"), \(bind: id * 10), \(bind: Date()))"
                ).run()
            }
            for id in 1...3 {
                let row = try await database.sql.raw("SELECT name, n FROM things WHERE id = \(bind: id)").first()
                #expect(try row?.decode(column: "name", as: String.self) == "thing \(id)")
                #expect(try row?.decode(column: "n", as: Int.self) == id * 10)
            }
            #expect(try await prepared("INSERT INTO things", on: database) == 1)
            #expect(try await prepared("SELECT name, n FROM things", on: database) == 1)
        }
    }

    @Test(arguments: postgres) func nullsAndValuesOfOneStatementBothRun(_: Backend) async throws {
        try await withDatabase { database in
            // The same text with NULL, then a number, then NULL again: PostgreSQL fixes a
            // prepared statement's parameter types, so each set of types is its own statement.
            for (id, n) in [(1, nil), (2, 7), (3, nil)] as [(Int, Int?)] {
                try await database.sql.raw(
                    "INSERT INTO things (id, name, n) VALUES (\(bind: id), \(bind: "t"), \(bind: n))"
                ).run()
            }
            let rows = try await database.sql.raw("SELECT id, n FROM things ORDER BY id").all()
            #expect(try rows.map { try $0.decode(column: "n", as: Int?.self) } == [nil, 7, nil])
            #expect(try await prepared("INSERT INTO things", on: database) == 2)
        }
    }

    @Test(arguments: postgres) func aFailedTransactionLeavesNoStatementUnusable(_: Backend) async throws {
        try await withDatabase { database in
            try await database.sql.raw("INSERT INTO things (id, name) VALUES (\(bind: 1), \(bind: "one"))").run()
            await #expect(throws: (any Error).self) {
                try await database.transaction { tx in
                    do {
                        try await tx.raw("INSERT INTO things (id, name) VALUES (\(bind: 1), \(bind: "again"))").run()
                    } catch {
                        // The transaction has failed: a statement first met now cannot be
                        // prepared, and must not be remembered as unpreparable.
                        _ = try await tx.raw("SELECT name FROM things WHERE id >= \(bind: 1)").all()
                    }
                }
            }
            let rows = try await database.sql.raw("SELECT name FROM things WHERE id >= \(bind: 1)").all()
            #expect(try rows.map { try $0.decode(column: "name", as: String.self) } == ["one"])
            #expect(try await prepared("SELECT name FROM things WHERE id >=", on: database) == 1)
        }
    }

    /// A statement first met while its table is missing fails; once the table is back it runs,
    /// although PostgresNIO keeps a failed preparation for the life of its connection.
    @Test(arguments: postgres) func aStatementThatFailedForTheSchemaRunsOnceTheSchemaIsBack(_: Backend) async throws {
        try await withDatabase { database in
            try await database.sql.raw("ALTER TABLE things RENAME TO elsewhere").run()
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("SELECT name FROM things WHERE id = \(bind: 1)").run()
            }
            try await database.sql.raw("ALTER TABLE elsewhere RENAME TO things").run()
            try await database.sql.raw("INSERT INTO things (id, name) VALUES (\(bind: 1), \(bind: "one"))").run()
            let row = try await database.sql.raw("SELECT name FROM things WHERE id = \(bind: 1)").first()
            #expect(try row?.decode(column: "name", as: String.self) == "one")
        }
    }

    /// A prepared statement's rows decode the common types straight from the cell
    /// (`PostgresSQLRow`); every value, null, failure and fallback type must come out as
    /// PostgresKit's own row gives it.
    @Test(arguments: postgres) func rowsDecodeEveryTypeAsPostgresKitDoes(_: Backend) async throws {
        try await withDatabase { database in
            try await database.sql.raw("CREATE TYPE mood AS ENUM ('calm')").run()
            let row = try #require(
                try await database.sql.raw(
                    """
                    SELECT 7::int4 AS i4, 9000000000::int8 AS i8, 3::int2 AS i2, NULL::int8 AS no_int,
                        'text é'::text AS s, 'v'::varchar AS vc, NULL::text AS no_text, 'calm'::mood AS enum,
                        true AS b, NULL::bool AS no_bool, NULL::timestamptz AS no_at,
                        '2026-11-27 12:00:00.123456+00'::timestamptz AS at, 1.5::numeric AS num,
                        2.25::float8 AS dbl, ARRAY[1, 2]::int8[] AS ints, \(bind: 1) AS bound
                    """
                ).first())
            let fast = try #require(row as? PostgresSQLRow)
            let kit = fast.row.sql()
            func same<T: Decodable & Equatable>(_ column: String, as type: T.Type) throws {
                let expected = try kit.decode(column: column, as: T.self)
                #expect(try fast.decode(column: column, as: T.self) == expected, "\(column) as \(T.self)")
            }
            for column in ["i4", "i8", "i2", "bound"] {
                try same(column, as: Int.self)
                try same(column, as: Int?.self)
            }
            try same("i8", as: Int64.self)
            try same("no_int", as: Int?.self)
            try same("no_int", as: Int64?.self)
            for column in ["s", "vc", "enum"] { try same(column, as: String.self) }
            try same("no_text", as: String?.self)
            try same("enum", as: String?.self)
            try same("b", as: Bool.self)
            try same("no_bool", as: Bool?.self)
            try same("at", as: Date.self)
            try same("at", as: Date?.self)
            try same("no_at", as: Date?.self)
            try same("num", as: Double.self)
            try same("dbl", as: Double.self)
            try same("ints", as: [Int].self)
            #expect(Timestamp.format(try fast.decode(column: "at", as: Date.self)) == "2026-11-27T12:00:00.123456Z")
            #expect(fast.allColumns == kit.allColumns)
            for column in ["no_int", "i4", "missing"] {
                #expect(try fast.decodeNil(column: column) == kit.decodeNil(column: column))
                #expect(fast.contains(column: column) == kit.contains(column: column))
            }
            // What fails with PostgresKit fails here too.
            for (column, type) in [("no_int", Int.self), ("s", Int.self), ("missing", Int.self)] as [(String, Int.Type)]
            {
                #expect(throws: (any Error).self) { try kit.decode(column: column, as: type) }
                #expect(throws: (any Error).self) { try fast.decode(column: column, as: type) }
            }
            #expect(throws: (any Error).self) { try fast.decode(column: "i4", as: Date.self) }
            #expect(throws: (any Error).self) { try fast.decode(column: "no_text", as: String.self) }
        }
    }

    /// A statement carrying `StatementBudget.column` fails, having written nothing, when it ends
    /// later than its duration after the server received it, or past its deadline on the
    /// server's clock (it arrived late), and runs as usual within both.
    @Test(arguments: postgres) func aStatementPastItsBudgetFailsAndWritesNothing(_: Backend) async throws {
        try await withDatabase { database in
            let roomy = StatementBudget(duration: .seconds(5), deadline: Date().addingTimeInterval(5))
            let within = try await database.sql.raw(
                """
                WITH w AS (INSERT INTO things (id, name) VALUES (\(bind: 1), \(bind: "in time")) RETURNING id)
                SELECT w.id, \(roomy.column) FROM w
                """
            ).all()
            #expect(try within.map { try $0.decode(column: "within_budget", as: Int.self) } == [1])
            let short = StatementBudget(duration: .milliseconds(100), deadline: Date().addingTimeInterval(5))
            let arrivedLate = StatementBudget(duration: .seconds(5), deadline: Date().addingTimeInterval(-0.1))
            for (id, budget) in [(2, short), (3, arrivedLate)] {
                await #expect {
                    try await database.sql.raw(
                        """
                        WITH w AS (INSERT INTO things (id, name) VALUES (\(bind: id), \(bind: "late")) RETURNING id),
                        s AS (SELECT pg_sleep(0.3))
                        SELECT w.id, \(budget.column) FROM w, s
                        """
                    ).all()
                } throws: {
                    DatabaseFailure($0) == .unavailable && AppError.classify($0)?.status == 503
                }
            }
            let rows = try await database.sql.raw("SELECT id FROM things ORDER BY id").all()
            #expect(try rows.map { try $0.decode(column: "id", as: Int.self) } == [1])
        }
    }

    /// The heartbeat reads the server's clock: on this machine it agrees with ours to within
    /// the reading's round trip, and a call's budget carries a deadline on it.
    @Test(arguments: postgres) func theServersClockIsKnownAndNamesTheDeadline(_: Backend) async throws {
        try await withDatabase { database in
            let postgres = try #require(database as? PostgresDatabase)
            var reading: DatabaseClock?
            for _ in 0..<50 where reading == nil {
                reading = postgres.heartbeat.databaseClock()
                if reading == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let clock = try #require(reading, "the heartbeat read the server's clock within 5 s")
            // The same machine's clock, read within half a round trip of the midpoint.
            let now = clock.earliest(at: .now).timeIntervalSinceNow
            #expect(now <= 0.05 && now >= -2 * clock.uncertainty.milliseconds / 1000 - 0.05, "\(clock)")
            #expect(postgres.statementBudget() == nil, "outside a call with a deadline")
            try await withTimeout(.seconds(10)) {
                let budget = try #require(postgres.statementBudget())
                #expect(budget.duration > .seconds(8) && budget.duration <= .seconds(9))
                let untilDeadline = budget.deadline.timeIntervalSinceNow
                #expect(untilDeadline > 8 - 0.3 && untilDeadline <= 9.05, "\(untilDeadline)")
            }
        }
    }

    @Test(arguments: postgres) func switchedOffEveryStatementRunsUnnamed(_: Backend) async throws {
        try await withDatabase(prepared: false) { database in
            try await database.sql.raw("INSERT INTO things (id, name) VALUES (\(bind: 1), \(bind: "one"))").run()
            let row = try await database.sql.raw("SELECT name FROM things WHERE id = \(bind: 1)").first()
            #expect(try row?.decode(column: "name", as: String.self) == "one")
            #expect(try await prepared("things", on: database) == 0)
        }
    }

    @Test func slotsAreGivenOncePerTextAndTypesAndRunOut() {
        let slots = PreparedStatementSlots(capacity: 2)
        #expect(slots.slot(for: "a\u{0}20,", sql: "a") == 0)
        #expect(slots.slot(for: "a\u{0}0,", sql: "a") == 1)
        #expect(slots.slot(for: "a\u{0}20,", sql: "a") == 0)
        #expect(slots.slot(for: "b\u{0}20,", sql: "b") == nil)
        #expect(slots.sql(at: 1) == "a")
        #expect(slots.used == 2)
    }

    @Test func everySlotTypeHasItsOwnNumberAndName() {
        let types = PreparedSlotTypes.all
        #expect(types.count == 256)
        #expect(types.enumerated().allSatisfy { $0.offset == $0.element.index })
        #expect(Set(types.map { $0.name }).count == types.count)
    }
}
