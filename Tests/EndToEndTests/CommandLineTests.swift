import Foundation
import Kernel
import TestSupport
import Testing

/// The operator commands' edges: bounds, `database.auto_migrate`, a database migrated by a newer
/// ecom, a SQLite file another process is writing, and a port or host `serve` cannot use.
@Suite("ecom commands")
struct CommandLineTests {
    static let config = ExecutableTests.baseConfig

    /// A config on a new SQLite file; `database` is added to the `database` section.
    static func workspace(database extra: String = "") throws -> (path: String, directory: URL, url: String) {
        let (path, directory) = try EcomProcess.writeConfig(
            config.replacingOccurrences(
                of: #"database: { url: "sqlite:$DIR/var/ecom.sqlite" }"#,
                with: #"database: { url: "sqlite:$DIR/var/ecom.sqlite""# + extra + " }"))
        return (path, directory, "sqlite:\(directory.path)/var/ecom.sqlite")
    }

    @Test func seedDemoRefusesMoreThanAMillionProducts() throws {
        let (path, directory, _) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        for count in ["200000000000", "1000001", "-1"] {
            let outcome = try EcomProcess.run(["seed-demo", "--config", path, "--products=\(count)"])
            #expect(outcome.status == 64, "\(outcome.stderr)")
            #expect(
                outcome.stderr.contains("--products must be between 0 and 1000000, found \(count)"),
                "\(outcome.stderr)")
        }
    }

    /// `users create` and `seed-demo` refuse a database with pending migrations, as `serve` and
    /// `rpc` do, instead of migrating it behind the deploy step's back.
    @Test func everyCommandButMigrateFollowsAutoMigrate() async throws {
        let (path, directory, url) = try Self.workspace(database: ", auto_migrate: false")
        defer { try? FileManager.default.removeItem(at: directory) }
        let commands = [["users", "create", "--email", "ops@example.com"], ["seed-demo"], ["rpc"], ["serve"]]
        for command in commands {
            let outcome = try EcomProcess.run(
                command + ["--config", path], environment: ["ECOM_PASSWORD": "correct horse battery"])
            #expect(outcome.status == 2, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("migrations are pending"), "\(command): \(outcome.stderr)")
        }
        let tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        #expect(try await SQLProbe.rows(url, tables).isEmpty)
        #expect(try EcomProcess.run(["migrate", "--config", path]).status == 0)
        let created = try EcomProcess.run(
            ["users", "create", "--config", path, "--email", "ops@example.com"],
            environment: ["ECOM_PASSWORD": "correct horse battery"])
        #expect(created.status == 0, "\(created.stderr)")
    }

    /// Ledger rows this build does not know (a newer version of a module, a module not compiled
    /// in) stop every command but `migrate --status`, which lists them.
    @Test func aDatabaseFromANewerEcomIsRefused() async throws {
        let (path, directory, url) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try EcomProcess.run(["migrate", "--config", path]).status == 0)
        _ = try await SQLProbe.rows(
            url,
            """
            INSERT INTO ecom_migrations (module, version, name, checksum, applied_at)
            VALUES ('catalog', 99, 'future_thing', 'x', 0), ('reviews', 1, 'create_reviews', 'y', 0)
            """)
        let status = try EcomProcess.run(["migrate", "--status", "--config", path])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("unknown  catalog  99  future_thing"), "\(status.stdout)")
        #expect(status.stdout.contains("unknown  reviews  1  create_reviews"), "\(status.stdout)")
        for command in [["migrate"], ["rpc"], ["serve", "--port", "0"], ["seed-demo"]] {
            let outcome = try EcomProcess.run(command + ["--config", path])
            #expect(outcome.status == 1, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("migrated by a newer ecom"), "\(command): \(outcome.stderr)")
            #expect(
                outcome.stderr.contains("(catalog 99 future_thing, reviews 1 create_reviews)"),
                "\(command): \(outcome.stderr)")
        }
        // Orders and payments are compiled in: their migrations are known when they are disabled.
        let fewer = directory.appendingPathComponent("fewer.yaml").path
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "modules: [auth, catalog, inventory, orders, payments]", with: "modules: [auth, catalog]"
        ).write(toFile: fewer, atomically: true, encoding: .utf8)
        _ = try await SQLProbe.rows(url, "DELETE FROM ecom_migrations WHERE checksum IN ('x', 'y')")
        let started = try EcomProcess.run(
            ["rpc", "--config", fewer], input: #"{"jsonrpc":"2.0","method":"system.info","id":1}"#)
        #expect(started.status == 0 && started.stdout.contains(#""id":1"#), "\(started.stderr)")
    }

    /// With nothing to migrate, a command starts beside another process's long write
    /// transaction on the SQLite file (it used to wait for the 10 s busy timeout and fail).
    @Test func aMigratedDatabaseStartsBesideAWriter() async throws {
        let (path, directory, url) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try EcomProcess.run(["migrate", "--config", path]).status == 0)
        try await TestDatabase.using(DatabaseSettings(url: url)) { writer in
            try await writer.withConnection { connection in
                try await connection.raw("BEGIN IMMEDIATE").run()
                try await connection.raw("INSERT INTO brands (name, slug) VALUES ('Held', 'held')").run()
                let start = ContinuousClock.now
                let outcome = try EcomProcess.run(
                    ["rpc", "--config", path], input: #"{"jsonrpc":"2.0","method":"catalog.brands.list","id":1}"#)
                #expect(ContinuousClock.now - start < .seconds(8))
                #expect(outcome.status == 0, "\(outcome.stderr)")
                #expect(outcome.stdout.contains(#""id":1"#) && !outcome.stdout.contains("Held"), "\(outcome.stdout)")
                try await connection.raw("ROLLBACK").run()
            }
        }
    }

    @Test func aBusyPortIsNamedWithItsSetting() throws {
        let listener = try Listener()
        defer { listener.stop() }
        let (path, directory, _) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let flagged = try EcomProcess.run(["serve", "--config", path, "--port", String(listener.port)])
        #expect(flagged.status == 1, "\(flagged.stderr)")
        #expect(
            flagged.stderr.contains("cannot listen on 127.0.0.1:\(listener.port): the port is already in use"),
            "\(flagged.stderr)")
        #expect(flagged.stderr.contains("--port") && !flagged.stderr.contains("errno"), "\(flagged.stderr)")
        let configured = try EcomProcess.run(
            ["serve", "--config", path], environment: ["APP_PORT": String(listener.port)])
        #expect(configured.status == 1, "\(configured.stderr)")
        #expect(configured.stderr.contains("http.port in \(path)"), "\(configured.stderr)")
    }

    /// A production deployment without a secret key stops before its database is opened: no
    /// migration is applied (it migrated everything first, then refused).
    @Test func aMissingSecretKeyStopsBeforeTheDatabaseIsTouched() throws {
        let (path, directory, _) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        for command in [["serve", "--port", "0"], ["migrate"], ["rpc"]] {
            let outcome = try EcomProcess.run(
                command + ["--config", path], environment: ["APP_ENV": "production", "SECRET_KEY": ""])
            #expect(outcome.status == 2, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("no secret key is configured and env is production"), "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.path + "/var/ecom.sqlite"), "\(command)")
        }
    }

    /// A certificate file that cannot be read is said in a sentence (it was printed as a dump
    /// of an internal error value), before anything connects.
    @Test func anUnreadableRootCertificateIsSaidPlainly() throws {
        let (path, directory, _) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // BoringSSL's errors for a file that is no certificate named source files of the build.
        for (file, reason) in [
            ("/nonexistent/root.crt", "no such file"), (directory.path, "it is a directory"),
            (path, "it holds no PEM certificate"),
        ] {
            let url = "postgres://ecom:secret@127.0.0.1:1/ecom?sslmode=verify-full&sslrootcert=\(file)"
            let outcome = try EcomProcess.run(["migrate", "--config", path], environment: ["DATABASE_URL": url])
            #expect(outcome.status == 1, "\(outcome.stderr)")
            #expect(
                outcome.stderr == "ecom: cannot use sslrootcert \"\(file)\" of the PostgreSQL URL: \(reason)\n",
                "\(outcome.stderr)")
        }
    }

    @Test func anUnknownHostIsNamedWithItsSetting() throws {
        let (path, directory, _) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try EcomProcess.run(["serve", "--config", path, "--host", "no-such-host.invalid", "--port", "0"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("cannot listen on no-such-host.invalid:0: unknown host"), "\(outcome.stderr)")
        #expect(
            outcome.stderr.contains("--host") && !outcome.stderr.contains("SocketAddressError"), "\(outcome.stderr)")
    }
}

/// A loopback TCP socket listening on a port of its own, to make that port busy.
struct Listener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw TestSetupError("cannot listen on a probe socket")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func stop() { close(descriptor) }
}
