import Foundation
import Kernel
import TestSupport
import Testing

@Suite("ecom executable")
struct ExecutableTests {
    static let baseConfig = """
        env: test
        modules: [auth, catalog, inventory, orders, payments]
        state_directory: "$DIR/var"
        database: { url: "sqlite:$DIR/var/ecom.sqlite" }
        cache: { url: "memory://" }
        logging: { level: warning }
        auth: { bcrypt_cost: 4 }
        """

    @Test func rpcPipeAnswersEveryLineAndExitsZero() throws {
        let (path, directory) = try EcomProcess.writeConfig(Self.baseConfig)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = [
            #"{"jsonrpc":"2.0","method":"system.info","id":1}"#,
            "",
            "not json",
            #"{"jsonrpc":"2.0","method":"system.info"}"#,
            #"[{"jsonrpc":"2.0","method":"system.info","id":"b"}]"#,
        ].joined(separator: "\n")
        let outcome = try EcomProcess.run(["rpc", "--config", path], input: input)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                #"{"jsonrpc":"2.0","result":{"name":"E-commerce Core API","docs":"/docs"},"id":1}"#,
                #"{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}"#,
                #"[{"jsonrpc":"2.0","result":{"name":"E-commerce Core API","docs":"/docs"},"id":"b"}]"#,
            ])
        // Migrations ran on the embedded default and the secret was generated with mode 0600.
        let secret = directory.appendingPathComponent("var/secret_key").path
        let attributes = try FileManager.default.attributesOfItem(atPath: secret)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func unknownModuleStopsStartupWithOneClearLine() throws {
        let (path, directory) = try EcomProcess.writeConfig(
            Self.baseConfig.replacingOccurrences(
                of: "modules: [auth, catalog, inventory, orders, payments]", with: "modules: [catalog, shipping]"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try EcomProcess.run(["serve", "--config", path, "--port", "0"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(path))
        #expect(outcome.stderr.contains("shipping"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func missingDependencyStopsStartup() throws {
        let (path, directory) = try EcomProcess.writeConfig(
            Self.baseConfig.replacingOccurrences(
                of: "modules: [auth, catalog, inventory, orders, payments]", with: "modules: [catalog, orders]"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try EcomProcess.run(["rpc", "--config", path])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("'orders'"))
        #expect(outcome.stderr.contains("'auth'") || outcome.stderr.contains("'inventory'"))
    }

    /// PostgreSQL down at startup: every command stops within seconds with one line saying
    /// where and why, not after a minute of retries; nothing on stdout.
    @Test func anUnreachableDatabaseStopsStartupQuickly() throws {
        let (path, directory) = try EcomProcess.writeConfig(
            Self.baseConfig.replacingOccurrences(
                of: #"sqlite:$DIR/var/ecom.sqlite"#, with: "postgres://shop:secret@127.0.0.1:1/shop"))
        defer { try? FileManager.default.removeItem(at: directory) }
        for command in [["rpc"], ["migrate", "--status"]] {
            let start = ContinuousClock.now
            let outcome = try EcomProcess.run(
                command + ["--config", path], input: #"{"jsonrpc":"2.0","id":1,"method":"system.info"}"#)
            #expect(ContinuousClock.now - start < .seconds(15), "\(command)")
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.stderr.contains("cannot use PostgreSQL at 127.0.0.1:1/shop"), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("secret"), "\(outcome.stderr)")
            #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
        }
    }

    /// Mistakes on the command line or at the config's top level stop the command with one
    /// clear line instead of being ignored or wrapped into something else.
    @Test func outOfRangeOptionsAndMisspeltSectionsAreRefused() throws {
        let (path, directory) = try EcomProcess.writeConfig(Self.baseConfig)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try EcomProcess.run(["serve", "--config", path, "--port", "99999"])
        #expect(port.status == 64 && port.stderr.contains("--port"), "\(port.stderr)")
        let count = try EcomProcess.run(["seed-demo", "--config", path, "--products=-5"])
        #expect(count.status == 64 && count.stderr.contains("--products"), "\(count.stderr)")
        let (misspelt, other) = try EcomProcess.writeConfig(
            Self.baseConfig + "\ncatlog: { listing_cache_ttl_seconds: 0 }")
        defer { try? FileManager.default.removeItem(at: other) }
        let section = try EcomProcess.run(["migrate", "--status", "--config", misspelt])
        #expect(section.status == 2 && section.stderr.contains("'catlog'"), "\(section.stderr)")
        // The text listing keeps long paths whole.
        let modules = try EcomProcess.run(["modules", "--config", path])
        #expect(modules.stdout.contains("/admin/products/{prod_id}/images/{image_id} "), "\(modules.stdout)")
    }

    @Test func malformedYAMLStopsStartup() throws {
        let (path, directory) = try EcomProcess.writeConfig("modules: [auth\nhttp: {")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try EcomProcess.run(["serve", "--config", path])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(path))
    }

    @Test func modulesCommandPrintsJSON() throws {
        let (path, directory) = try EcomProcess.writeConfig(Self.baseConfig)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try EcomProcess.run(["modules", "--config", path, "--json"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let document = try JSONParser.parse(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        guard case .array(let modules)? = document["modules"] else {
            Issue.record("no modules in \(outcome.stdout)")
            return
        }
        #expect(modules.compactMap { $0["id"]?.stringValue } == ["auth", "catalog", "inventory", "orders", "payments"])
        #expect(
            modules.allSatisfy {
                $0["depends_on"] != nil && $0["operations"] != nil && $0["migrations"] != nil
                    && $0["cache_namespaces"] != nil
            })
    }

    /// The namespaces are listed with the configured lifetimes (the built-in defaults were
    /// printed whatever the config said).
    @Test func modulesCommandShowsTheConfiguredCacheLifetimes() throws {
        let config = Self.baseConfig.replacingOccurrences(
            of: "auth: { bcrypt_cost: 4 }", with: "auth: { bcrypt_cost: 4, login_window_seconds: 60 }")
        let (path, directory) = try EcomProcess.writeConfig(config + "\ncatalog: { listing_cache_ttl_seconds: 7 }")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try EcomProcess.run(["modules", "--config", path, "--json"])
        let document = try JSONParser.parse(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        var lifetimes: [String: JSONValue] = [:]
        if case .array(let modules)? = document["modules"] {
            for module in modules {
                guard case .array(let namespaces)? = module["cache_namespaces"] else { continue }
                for namespace in namespaces {
                    lifetimes[namespace["name"]?.stringValue ?? ""] = namespace["ttl_seconds"]
                }
            }
        }
        #expect(lifetimes == ["auth.login_lockout": 60, "catalog": 7, "catalog.detail": 7], "\(outcome.stdout)")
        let (off, offDirectory) = try EcomProcess.writeConfig(
            Self.baseConfig + "\ncatalog: { listing_cache_ttl_seconds: 0 }")
        defer { try? FileManager.default.removeItem(at: offDirectory) }
        let table = try EcomProcess.run(["modules", "--config", off]).stdout
        #expect(
            table.contains("  cache catalog off\n") && table.contains("  cache auth.login_lockout ttl 900s\n"),
            "\(table)")
    }

    @Test func refusesPendingMigrationsWithoutAutoMigrate() throws {
        let (path, directory) = try EcomProcess.writeConfig(
            Self.baseConfig.replacingOccurrences(
                of: "database: { url: \"sqlite:$DIR/var/ecom.sqlite\" }",
                with: "database: { url: \"sqlite:$DIR/var/ecom.sqlite\", auto_migrate: false }"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let refused = try EcomProcess.run(["rpc", "--config", path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("ecom migrate"))
        let migrated = try EcomProcess.run(["migrate", "--config", path])
        #expect(migrated.status == 0, "stderr: \(migrated.stderr)")
        let again = try EcomProcess.run(
            ["rpc", "--config", path], input: #"{"jsonrpc":"2.0","method":"system.info","id":1}"#)
        #expect(again.status == 0)
        #expect(again.stdout.contains("E-commerce Core API"))
    }
}

@Suite("ecom users")
struct UsersCommandTests {
    @Test func createPromoteDeactivate() throws {
        let (path, directory) = try EcomProcess.writeConfig(ExecutableTests.baseConfig)
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = try EcomProcess.run(
            ["users", "create", "--config", path, "--email", " Ops@Example.com "], input: "correct horse battery\n")
        #expect(created.status == 0, "stderr: \(created.stderr)")
        #expect(created.stdout.contains("ops@example.com"))
        #expect(created.stdout.contains("superuser=false"))
        #expect(!created.stdout.contains("correct horse"))
        let promoted = try EcomProcess.run(["users", "promote", "--config", path, "OPS@example.com"])
        #expect(promoted.stdout.contains("superuser=true"), "stderr: \(promoted.stderr)")
        let deactivated = try EcomProcess.run(["users", "deactivate", "--config", path, "ops@example.com"])
        #expect(deactivated.stdout.contains("active=false"))
        let duplicate = try EcomProcess.run(
            ["users", "create", "--config", path, "--email", "ops@example.com"],
            environment: ["ECOM_PASSWORD": "another password"])
        #expect(duplicate.status != 0)
        #expect(duplicate.stderr.contains("Email already registered"))
        let weak = try EcomProcess.run(
            ["users", "create", "--config", path, "--email", "x@example.com"], input: "short\n")
        #expect(weak.status != 0)
        let unknown = try EcomProcess.run(["users", "promote", "--config", path, "nobody@example.com"])
        #expect(unknown.status != 0)
    }
}

@Suite("ecom seed-demo")
struct SeedDemoCommandTests {
    @Test func seedsIdempotentlyAndServesTheProducts() throws {
        let (path, directory) = try EcomProcess.writeConfig(ExecutableTests.baseConfig)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try EcomProcess.run(["seed-demo", "--config", path, "--products", "50"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout.contains("53 products"))
        let again = try EcomProcess.run(["seed-demo", "--config", path, "--products", "50"])
        #expect(again.stdout.contains("0 products"))
        let listing = try EcomProcess.run(
            ["rpc", "--config", path],
            input: #"{"jsonrpc":"2.0","method":"catalog.products.list","params":{"limit":1},"id":1}"#)
        let answer = try JSONParser.parse(listing.stdout.trimmingCharacters(in: .newlines))
        // Some generated products are inactive on purpose; the public listing hides them.
        guard case .int(let total)? = answer["result"]?["total"] else {
            Issue.record("no total in \(listing.stdout)")
            return
        }
        #expect((45...53).contains(total))
    }
}

@Suite("ecom rpc sessions")
struct RPCSessionCommandTests {
    @Test func loginBindsTheSessionAndTokenFlagStartsOne() throws {
        let (path, directory) = try EcomProcess.writeConfig(ExecutableTests.baseConfig)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = [
            #"{"jsonrpc":"2.0","method":"auth.register","params":{"email":"pipe@example.com","password":"long enough pw"},"id":1}"#,
            #"{"jsonrpc":"2.0","method":"users.me","id":2}"#,
            #"{"jsonrpc":"2.0","method":"auth.login","params":{"username":"PIPE@example.com","password":"long enough pw"},"id":3}"#,
            #"{"jsonrpc":"2.0","method":"users.me","id":4}"#,
            #"{"jsonrpc":"2.0","method":"auth.logout","id":5}"#,
            #"{"jsonrpc":"2.0","method":"users.me","id":6}"#,
        ].joined(separator: "\n")
        let outcome = try EcomProcess.run(["rpc", "--config", path], input: script)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let answers = try outcome.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(answers.count == 6)
        guard answers.count == 6 else { return }
        #expect(answers[1]["error"]?["code"] == -32001)
        #expect(answers[3]["result"]?["email"] == "pipe@example.com")
        #expect(answers[5]["error"]?["code"] == -32001)
        #expect(!outcome.stdout.contains("long enough pw"))
        // The logout revoked the session's token, also for later processes.
        let loggedOut = try #require(answers[2]["result"]?["access_token"]?.stringValue)
        let me = #"{"jsonrpc":"2.0","method":"users.me","id":1}"#
        let revoked = try EcomProcess.run(["rpc", "--config", path, "--token", loggedOut], input: me)
        #expect(revoked.stdout.contains("-32001"), "\(revoked.stdout)")
        let login =
            #"{"jsonrpc":"2.0","method":"auth.login","params":{"username":"pipe@example.com","password":"long enough pw"},"id":1}"#
        let fresh = try EcomProcess.run(["rpc", "--config", path], input: login)
        let token = try #require(try JSONParser.parse(fresh.stdout)["result"]?["access_token"]?.stringValue)
        let withFlag = try EcomProcess.run(["rpc", "--config", path, "--token", token], input: me)
        #expect(withFlag.stdout.contains("pipe@example.com"))
        let withEnvironment = try EcomProcess.run(
            ["rpc", "--config", path], input: me, environment: ["ECOM_TOKEN": token])
        #expect(withEnvironment.stdout.contains("pipe@example.com"))
    }
}
