import Foundation
import Logging
import TestSupport
import Testing

@testable import Kernel

/// `postgres://user@/db?host=/dir` (libpq's form) connects through the server's Unix-domain
/// socket in `/dir` instead of TCP, for an application on the database's machine (pgbench
/// `SELECT 1` on this machine: 87–95k per second over TCP, 128–133k over the socket; `POST
/// /orders` by hand showed no difference beyond the run-to-run noise).
@Suite("PostgreSQL over a Unix-domain socket")
struct PostgresSocketTests {
    @Test func socketURLsAreParsed() throws {
        let endpoint = try PostgresEndpoint(url: "postgres://shop:secret@/shop?host=/run/postgresql&port=6543")
        #expect(endpoint.socketDirectory == "/run/postgresql" && endpoint.port == 6543)
        #expect(endpoint.socketPath == "/run/postgresql/.s.PGSQL.6543")
        #expect(endpoint.username == "shop" && endpoint.password == "secret" && endpoint.database == "shop")
        let config = try loadConfig("modules: []\ndatabase: { url: \"postgresql://u@/d?host=%2Ftmp%2Fpg%2F\" }")
        #expect(config.database.postgres?.socketPath == "/tmp/pg/.s.PGSQL.5432")
        // A host name in `host=` is not a socket: the URL still needs a host then.
        #expect(throws: ConfigURL.Problem.self) { try PostgresEndpoint(url: "postgres://u@/d?host=db.internal") }
        #expect(try PostgresEndpoint(url: "postgres://u@h/d").socketPath == nil)
        // The database refuses what the config layer would: another scheme, no host.
        for url in ["mysql://u@h/d", "postgres://u@/d", "postgres://u@/d?host=relative/dir"] {
            #expect(throws: BootError.self) { try PostgresDatabase(url: url, logger: Logger(label: "test")) }
        }
        for bad in ["0", "65536", "x"] {
            #expect(throws: ConfigURL.Problem.self) {
                try PostgresEndpoint(url: "postgres://u@/d?host=/tmp&port=\(bad)")
            }
        }
    }

    @Test(arguments: TestEnvironment.backends.filter { $0 == .postgres })
    func aSocketURLReachesTheServer(_: Backend) async throws {
        try await TestDatabase.with(.postgres) { url in
            // The directory the test server listens in, asked of it over TCP.
            let directory = try await TestDatabase.using(DatabaseSettings(url: url, poolSize: 1)) { database in
                try await database.sql.raw(
                    "SELECT split_part(current_setting('unix_socket_directories'), ',', 1) AS directory"
                ).first()?.decode(column: "directory", as: String.self)
            }
            let tcp = try #require(URLComponents(string: url))
            var socket = URLComponents()
            socket.scheme = "postgres"
            socket.user = tcp.user
            socket.password = tcp.password
            socket.host = ""
            socket.path = tcp.path
            socket.queryItems = [
                URLQueryItem(name: "host", value: try #require(directory)),
                URLQueryItem(name: "port", value: String(tcp.port ?? 5432)),
            ]
            let socketURL = try #require(socket.string)
            try await TestDatabase.using(DatabaseSettings(url: socketURL, poolSize: 1)) { database in
                // inet_server_addr() is NULL on a Unix-domain socket connection.
                let row = try await database.sql.raw(
                    "SELECT current_database() AS name, inet_server_addr() IS NULL AS local"
                ).first()
                #expect(try row?.decode(column: "name", as: String.self) == String(tcp.path.dropFirst()))
                #expect(try row?.decode(column: "local", as: Bool.self) == true)
            }
        }
    }
}
