import Foundation
import Logging
import TestSupport
import Testing

@testable import Kernel

/// The URL's `sslmode` as libpq (and the original's psycopg) reads it: `require` never falls
/// back to a connection in clear (found by a QA pass: every sslmode was ignored and the
/// password went over plain TCP).
@Suite("PostgreSQL TLS")
struct PostgresTLSTests {
    @Test func sslModesMapToTLS() throws {
        func mode(_ query: String) throws -> PostgresEndpoint.TLSMode {
            try PostgresEndpoint(url: "postgres://u@db/shop\(query)").tlsMode
        }
        #expect(try mode("") == .prefer)
        #expect(try mode("?sslmode=disable") == .disable)
        #expect(try mode("?sslmode=allow") == .prefer)
        #expect(try mode("?sslmode=require") == .require(.none))
        #expect(try mode("?sslmode=require&sslrootcert=/etc/ca.pem") == .require(.chain))
        #expect(try mode("?sslmode=verify-ca") == .require(.chain))
        #expect(try mode("?sslmode=verify-full") == .require(.full))
        #expect(
            try PostgresEndpoint(url: "postgres://u@/shop?host=/run/postgresql&sslmode=require").tlsMode == .disable)
        #expect(try PostgresEndpoint(url: "postgres://u@db/shop?connect_timeout=2").connectTimeoutSeconds == 2)
    }

    @Test(arguments: [
        ("?sslmode=requir", "sslmode"), ("?sslcert=/c.pem", "client certificates"),
        ("?connect_timeout=0", "connect_timeout"),
    ])
    func badParametersAreRefused(query: String, expected: String) {
        let error = configError {
            _ = try loadConfig("modules: []\ndatabase: { url: \"postgres://u:hunter2@db/shop\(query)\" }")
        }
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.description.contains("hunter2") == false)
    }

    /// The test server offers no TLS: `require` fails, saying so, instead of connecting in clear;
    /// `prefer` (the default) connects.
    @Test(arguments: TestEnvironment.backends.filter { $0 == .postgres })
    func requireNeverFallsBackToClearText(_: Backend) async throws {
        let server = try TestEnvironment.requireServices().postgres
        let separator = server.contains("?") ? "&" : "?"
        let required = await #expect(throws: DatabaseUnavailableError.self) {
            try await DatabaseFactory.open(
                DatabaseSettings(url: server + separator + "sslmode=require"), stateDirectory: "var",
                logger: Logger(label: "test")
            ).probe()
        }
        #expect(required?.description.contains("cannot use PostgreSQL") == true)
        try await DatabaseFactory.open(
            DatabaseSettings(url: server + separator + "sslmode=prefer"), stateDirectory: "var",
            logger: Logger(label: "test")
        ).probe()
    }
}
