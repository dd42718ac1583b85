import Foundation
import Kernel
import TestSupport
import Testing

/// Operations that must never lose or change data: migrating again, migrating from two
/// processes at once, and turning a module off and on. In-process concurrent migrators are
/// covered by `MigrationRunnerTests`; these run the `ecom` executable as a deploy would.
@Suite("data safety")
struct DataSafetyTests {
    static let password = "correct horse battery"

    /// A test directory with configs for one database; `$DIR` in the YAML is the directory.
    struct Workspace {
        let directory: URL
        let backend: Backend
        let postgresURL: String
        let cacheURL: String

        init(_ backend: Backend, postgresURL: String) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecom-safety-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            self.backend = backend
            self.postgresURL = postgresURL
            cacheURL = try EcomProcess.cacheURL(backend)
        }

        /// The database as the probe opens it.
        var databaseURL: String {
            backend == .postgres ? postgresURL : "sqlite:\(directory.path)/var/ecom.sqlite"
        }

        /// Writes a config enabling `modules` and returns its path.
        func config(_ name: String, modules: [String] = ["auth", "catalog", "inventory", "orders", "payments"])
            throws -> String
        {
            let yaml = EcomProcess.config(
                databaseURL: EcomProcess.databaseURL(backend, postgresURL: postgresURL), cacheURL: cacheURL,
                modules: modules)
            let path = directory.appendingPathComponent("\(name).yaml").path
            try yaml.replacingOccurrences(of: "$DIR", with: directory.path).write(
                toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// Everything migrations decide: tables, columns, indexes, constraints and the ledger
        /// (with its timestamps, so a migration applied again would show).
        func schema() async throws -> [[String]] {
            let queries =
                backend == .postgres
                ? [
                    """
                    SELECT table_name, column_name, data_type, COALESCE(column_default, ''), is_nullable,
                        CAST(ordinal_position AS TEXT)
                    FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
                    """,
                    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
                    """
                    SELECT CAST(conrelid::regclass AS TEXT), conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2
                    """,
                ]
                : ["SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master ORDER BY type, name"]
            var rows: [[String]] = []
            for query in queries + [Self.ledgerQuery] {
                rows.append(["-- \(query.prefix(40))"])
                rows += try await SQLProbe.rows(databaseURL, query)
            }
            return rows
        }

        static let ledgerQuery = """
            SELECT module, CAST(version AS TEXT), name, checksum, CAST(applied_at AS TEXT)
            FROM ecom_migrations ORDER BY module, version
            """
    }

    @Test(arguments: TestEnvironment.backends)
    func migrateTwiceAtOnceThenAgainChangesNothing(backend: Backend) async throws {
        try await TestDatabase.with(backend) { postgresURL in
            let workspace = try Workspace(backend, postgresURL: postgresURL)
            defer { try? FileManager.default.removeItem(at: workspace.directory) }
            let path = try workspace.config("ecom")
            // Two deploy steps racing on an empty database.
            let racers = try [EcomChild(["migrate", "--config", path]), EcomChild(["migrate", "--config", path])]
            for racer in racers {
                #expect(try await racer.wait(timeout: 60) == 0, "\(racer.stderr)")
                #expect(racer.stdout.contains("all applied"), "\(racer.stdout)")
            }
            let status = try EcomProcess.run(["migrate", "--status", "--config", path])
            let migrations = status.stdout.split(separator: "\n").filter {
                $0.hasPrefix("applied") || $0.hasPrefix("pending")
            }
            #expect(!migrations.isEmpty && migrations.allSatisfy { $0.hasPrefix("applied") }, "\(status.stdout)")
            let ledger = try await SQLProbe.rows(workspace.databaseURL, Workspace.ledgerQuery)
            #expect(ledger.count == migrations.count)
            #expect(Set(ledger.map { "\($0[0]) \($0[1])" }).count == ledger.count)

            let migrated = try await workspace.schema()
            let again = try EcomProcess.run(["migrate", "--config", path])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try await workspace.schema() == migrated)
            // A server starting with auto_migrate finds nothing to do either.
            let started = try EcomProcess.run(
                ["rpc", "--config", path], input: #"{"jsonrpc":"2.0","method":"system.health","id":1}"#)
            #expect(started.status == 0 && started.stdout.contains(#""id":1"#), "\(started.stderr)")
            #expect(try await workspace.schema() == migrated)
        }
    }

    @Test(arguments: TestEnvironment.backends)
    func disablingOrdersAndPaymentsKeepsTheirDataForWhenTheyReturn(backend: Backend) async throws {
        try await TestDatabase.with(backend) { postgresURL in
            let workspace = try Workspace(backend, postgresURL: postgresURL)
            defer { try? FileManager.default.removeItem(at: workspace.directory) }
            let everything = try workspace.config("everything")
            let fewer = try workspace.config("fewer", modules: ["auth", "catalog", "inventory"])
            let url = workspace.databaseURL

            // 1. All modules: a paid order and an unpaid one.
            var server = try await ServerProcess(config: everything)
            try EcomProcess.createSuperuser(config: everything, email: "admin@example.com", password: Self.password)
            let admin = try await server.login("admin@example.com", password: Self.password)
            let created = try await server.call(
                "POST", "/admin/products",
                json: ["sku": "KEEP-1", "name": "Kept", "slug": "kept", "price_cents": 700], token: admin)
            let product = try #require(created.int("id"), "\(created.json)")
            let stocked = try await server.call(
                "PATCH", "/admin/products/\(product)/inventory", json: ["qty": 5, "track_inventory": true],
                token: admin)
            #expect(stocked.status == 200)
            let customer = try await server.signUp("keeper@example.com", password: Self.password)
            let item: JSONValue = ["product_id": .int(Int64(product)), "quantity": 2]
            let paidOrder = try #require(
                try await server.call("POST", "/orders", json: ["items": [item]], token: customer).int("id"))
            let openOrder = try #require(
                try await server.call(
                    "POST", "/orders", json: ["items": [["product_id": .int(Int64(product)), "quantity": 1]]],
                    token: customer
                ).int("id"))
            #expect(try await server.call("POST", "/orders/\(paidOrder)/pay", token: customer).status == 201)
            let before = try await server.call("GET", "/orders/me", token: customer)
            let schema = try await workspace.schema()
            #expect(try await server.stop() == 0)

            // 2. Orders and payments switched off: their routes are gone, their tables are not.
            server = try await ServerProcess(config: fewer)
            #expect(try await server.call("GET", "/orders/\(paidOrder)", token: customer).status == 404)
            #expect(try await server.call("GET", "/products/\(product)").int("inventory_qty") == 2)
            let renamed = try await server.call(
                "PATCH", "/admin/products/\(product)", json: ["name": "Kept while orders were off"],
                token: try await server.login("admin@example.com", password: Self.password))
            #expect(renamed.status == 200)
            #expect(try await SQLProbe.int(url, "SELECT CAST(COUNT(*) AS TEXT) FROM orders") == 2)
            #expect(try await SQLProbe.int(url, "SELECT CAST(COUNT(*) AS TEXT) FROM payments") == 1)
            #expect(try await server.stop() == 0)

            // 3. Back on: the same orders and payment, readable and usable, and no migration re-ran.
            server = try await ServerProcess(config: everything)
            let after = try await server.call("GET", "/orders/me", token: customer)
            #expect(after.status == 200)
            #expect(after.json == before.json)
            let paid = try await server.call("GET", "/orders/\(paidOrder)", token: customer)
            #expect(paid.string("status") == "confirmed")
            let payments = try await server.call("GET", "/orders/\(paidOrder)/payments", token: customer)
            guard case .array(let list) = payments.json else {
                Issue.record("payments: \(payments.json)")
                return
            }
            #expect(list.map { $0["status"] } == ["paid"])
            #expect(try await server.call("POST", "/orders/\(openOrder)/pay", token: customer).status == 201)
            #expect(try await server.call("GET", "/products/\(product)").int("inventory_qty") == 2)
            #expect(try await server.stop() == 0)
            #expect(try await workspace.schema() == schema)
        }
    }
}
