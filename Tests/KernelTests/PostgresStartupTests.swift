import Foundation
import Logging
import TestSupport
import Testing

@testable import Kernel

/// Startup connects once to PostgreSQL before the pool is used: a server that is down
/// or a database that does not exist ends startup within seconds, saying where and why,
/// instead of the pool retrying for a minute and naming its circuit breaker.
@Suite("PostgreSQL at startup")
struct PostgresStartupTests {
    @Test func anUnreachableServerFailsFastWithWhereAndWhy() async throws {
        let start = ContinuousClock.now
        let error = await #expect(throws: DatabaseUnavailableError.self) {
            try await DatabaseFactory.open(
                DatabaseSettings(url: "postgres://shop:secret@127.0.0.1:1/shop"), stateDirectory: "var",
                logger: Logger(label: "test")
            ).probe()
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        let text = error?.description ?? ""
        #expect(text.contains("cannot use PostgreSQL at 127.0.0.1:1/shop"), "\(text)")
        #expect(!text.contains("secret"), "\(text)")
    }

    @Test(arguments: TestEnvironment.backends.filter { $0 == .postgres })
    func aMissingDatabaseIsNamed(_: Backend) async throws {
        let server = try TestEnvironment.requireServices().postgres
        guard var url = URLComponents(string: server) else { throw TestSetupError("bad test URL \(server)") }
        url.path = "/ecom_no_such_database"
        let error = await #expect(throws: DatabaseUnavailableError.self) {
            try await DatabaseFactory.open(
                DatabaseSettings(url: url.string ?? ""), stateDirectory: "var", logger: Logger(label: "test")
            ).probe()
        }
        #expect(error?.description.contains(#"database "ecom_no_such_database" does not exist"#) == true)
    }

    /// Two transactions that lock two rows in opposite orders: PostgreSQL aborts one with a
    /// deadlock, which is answered as a 409 to send again (not a 500); the other commits.
    @Test(arguments: TestEnvironment.backends.filter { $0 == .postgres })
    func aDeadlockIsAConflictToRetry(_: Backend) async throws {
        try await TestDatabase.with(.postgres) { url in
            try await TestDatabase.using(DatabaseSettings(url: url, poolSize: 4)) { database in
                try await database.sql.raw("CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL)").run()
                try await database.sql.raw("INSERT INTO pair VALUES (1, 0), (2, 0)").run()
                let outcomes = try await withThrowingTaskGroup(of: Int?.self) { group in
                    for (first, second) in [(1, 2), (2, 1)] {
                        group.addTask {
                            do {
                                try await database.transaction { tx in
                                    try await tx.raw("UPDATE pair SET n = n + 1 WHERE id = \(bind: first)").run()
                                    try await Task.sleep(for: .milliseconds(300))
                                    try await tx.raw("UPDATE pair SET n = n + 1 WHERE id = \(bind: second)").run()
                                }
                                return nil
                            } catch {
                                return AppError.classify(error)?.status ?? 500
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.compactMap { $0 } == [409], "\(outcomes)")
            }
        }
    }
}
