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
}
