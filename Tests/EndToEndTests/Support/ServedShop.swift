import Foundation
import Kernel
import TestSupport

/// A real `ecom serve` on `backend` with the demo catalogue, a superuser and a customer, both
/// logged in over HTTP, for tests that drive the server from outside (schemathesis, logs).
struct ServedShop: Sendable {
    static let adminEmail = "admin@example.com"
    static let customerEmail = "customer@example.com"
    static let password = "correct horse battery"
    static let secretKey = "served-shop-secret-key-0123456789-abcdefghijklmnop"

    let server: ServerProcess
    let configPath: String
    let databaseURL: String
    let adminToken: String
    let customerToken: String

    /// Creates a database for `backend` (PostgreSQL also gets the test Redis), seeds it with
    /// `ecom seed-demo` and `ecom users`, starts `ecom serve` and runs `body`. `logging` replaces
    /// the quiet default, `auth` adds entries to the `auth` section, and `databasePassword` goes
    /// into a PostgreSQL URL (the test cluster trusts local connections: any password works).
    static func with(
        _ backend: Backend, logging: String = "{ level: error }", auth: String = "", databasePassword: String? = nil,
        _ body: @Sendable (ServedShop) async throws -> Void
    ) async throws {
        try await TestDatabase.with(backend) { databaseURL in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecom-served-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var url = backend == .sqlite ? "sqlite:\(directory.path)/ecom.sqlite" : databaseURL
            if let databasePassword, backend == .postgres {
                url = url.replacingOccurrences(of: "postgres@", with: "postgres:\(databasePassword)@")
            }
            let cache = backend == .sqlite ? "memory://" : try TestEnvironment.requireServices().redis
            let config = """
                env: test
                modules: [auth, catalog, inventory, orders, payments]
                state_directory: "\(directory.path)/var"
                database: { url: "\(url)" }
                cache: { url: "\(cache)", key_prefix: "served-\(UUID().uuidString.prefix(8))" }
                logging: \(logging)
                auth: { secret_key: "\(secretKey)", bcrypt_cost: 4\(auth.isEmpty ? "" : ", \(auth)") }
                """
            let path = directory.appendingPathComponent("ecom.yaml").path
            try config.write(toFile: path, atomically: true, encoding: .utf8)
            try seed(path)
            let server = try await ServerProcess(config: path)
            let shop = ServedShop(
                server: server, configPath: path, databaseURL: url, adminToken: try await login(server, adminEmail),
                customerToken: try await login(server, customerEmail))
            try await body(shop)
            if server.isRunning { _ = try await server.stop() }
        }
    }

    /// The demo catalogue and the two accounts, made with the CLI as an operator would.
    private static func seed(_ path: String) throws {
        let password = ["ECOM_PASSWORD": Self.password]
        let steps: [([String], [String: String])] = [
            (["seed-demo", "--config", path, "--products", "20"], [:]),
            (["users", "create", "--config", path, "--email", adminEmail], password),
            (["users", "promote", "--config", path, adminEmail], [:]),
            (["users", "create", "--config", path, "--email", customerEmail], password),
        ]
        for (arguments, environment) in steps {
            let outcome = try EcomProcess.run(arguments, environment: environment)
            guard outcome.status == 0 else { throw TestSetupError("ecom \(arguments[0]) failed: \(outcome.stderr)") }
        }
    }

    /// Logs in over the OAuth2 form and returns the bearer token.
    static func login(_ server: ServerProcess, _ email: String, password: String = password) async throws -> String {
        let answer = try await server.request(
            "POST", "/auth/login",
            body: "username=\(email)&password=\(password.replacingOccurrences(of: " ", with: "+"))",
            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        guard answer.status == 200, let token = try JSONParser.parse(answer.body)["access_token"]?.stringValue else {
            throw TestSetupError("login of \(email) failed: \(answer.status) \(answer.body)")
        }
        return token
    }

    /// Sends `method path` with a JSON body as the holder of `token`; returns status and JSON.
    func call(_ method: String, _ path: String, json: JSONValue? = nil, token: String?) async throws
        -> (status: Int, body: JSONValue)
    {
        let answer = try await server.request(
            method, path, body: json?.serialized(), headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:])
        return (answer.status, (try? JSONParser.parse(answer.body)) ?? .string(answer.body))
    }
}
