import Kernel
import TestSupport
import Testing

/// A transaction whose task was cancelled before it could commit rolls back: a request answered
/// 503 at its timeout (which cancels its work) must not write once the lock it waited for is
/// free (found by a QA pass: admin writes answered 503 and then committed).
@Suite struct CancelledTransactionTests {
    @Test(arguments: TestEnvironment.backends)
    func aCancelledTransactionRollsBack(backend: Backend) async throws {
        try await TestApp.with(backend, modules: ["notes"], registry: NotesModule.registry) { app in
            let database = app.runtime.database
            try await database.sql.raw("CREATE TABLE tx_probe (n INTEGER NOT NULL)").run()
            let work = Task {
                try await database.transaction { tx in
                    try await tx.raw("INSERT INTO tx_probe (n) VALUES (1)").run()
                    // Busy past the cancellation without noticing it, like a statement waiting
                    // for a row lock.
                    let until = ContinuousClock.now + .milliseconds(400)
                    while ContinuousClock.now < until { try? await Task.sleep(for: .milliseconds(20)) }
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            work.cancel()
            await #expect(throws: CancellationError.self) { try await work.value }
            let rows = try await database.sql.raw("SELECT n FROM tx_probe").all()
            #expect(rows.isEmpty)

            try await database.transaction { tx in try await tx.raw("INSERT INTO tx_probe (n) VALUES (2)").run() }
            #expect(try await database.sql.raw("SELECT n FROM tx_probe").all().count == 1)
        }
    }
}
