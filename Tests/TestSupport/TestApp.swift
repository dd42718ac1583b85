import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kernel
import Logging
import NIOCore
import Transports

/// A booted runtime on a fresh database, reachable over in-process HTTP and JSON-RPC.
///
/// ```swift
/// try await TestApp.with(.sqlite) { app in
///     let response = try await app.http(.get, "/products")
///     #expect(response.status == 200)
///     let answer = try await app.rpc("catalog.products.list")
/// }
/// ```
public struct TestApp: Sendable {
    public let runtime: Runtime
    public let backend: Backend
    let client: any TestClientProtocol

    /// The JWT secret of test runtimes (tests craft tokens with it).
    public static let secretKey = "test-secret-key-that-is-long-enough-0123456789"

    /// The modules enabled when a test names none.
    public static let allModules = ["auth", "catalog", "inventory", "orders", "payments"]

    /// Boots `modules` on a new database of `backend` (PostgreSQL tests also get Redis) and runs
    /// `body`; `extraYAML` is appended to the generated config (e.g. module sections) and
    /// `configure` may change the parsed config (e.g. `config.http.requestTimeoutSeconds = 3`).
    public static func with(
        _ backend: Backend, modules: [String] = allModules, registry: ModuleRegistry = TestModules.registry,
        extraYAML: String = "", configure: @Sendable (inout AppConfig) throws -> Void = { _ in },
        transport: TestingSetup = .router, _ body: @Sendable (TestApp) async throws -> Void
    ) async throws {
        try await TestDatabase.with(backend) { databaseURL in
            var config = try makeConfig(
                backend: backend, databaseURL: databaseURL, modules: modules, extraYAML: extraYAML)
            try configure(&config)
            try await Runtime.run(config: config, registry: registry, logger: testLogger, migrations: .apply) {
                runtime in
                let app = HTTPTransport.makeApplication(
                    runtime: runtime, host: "127.0.0.1", port: 0, logger: testLogger)
                try await app.test(transport) { client in
                    try await body(TestApp(runtime: runtime, backend: backend, client: client))
                }
            }
        }
    }

    /// The config a test runtime uses.
    public static func makeConfig(backend: Backend, databaseURL: String, modules: [String], extraYAML: String = "")
        throws -> AppConfig
    {
        let cacheURL = backend == .postgres ? try TestEnvironment.requireServices().redis : "memory://"
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("ecom-state-\(UUID().uuidString)")
            .path
        // Only for a runtime with Auth: test registries without it refuse its section.
        let auth = modules.contains("auth") ? #"auth: { secret_key: "\#(secretKey)", bcrypt_cost: 4 }"# : ""
        let yaml = """
            env: test
            modules: [\(modules.joined(separator: ", "))]
            state_directory: "\(state)"
            http: { host: 127.0.0.1, port: 0, cors_origins: ["*"] }
            database: { url: "\(databaseURL)" }
            cache: { url: "\(cacheURL)", key_prefix: "\(cachePrefix(databaseURL))", command_timeout_ms: 5000 }
            logging: { level: error }
            \(auth)
            \(extraYAML)
            """
        return try ConfigLoader.load(yaml: yaml, path: "test.yaml", environment: [:])
    }

    /// Runtimes on the same test database share cache keys; other tests' runtimes do not.
    static func cachePrefix(_ databaseURL: String) -> String {
        String(databaseURL.split(separator: "/").last ?? "t").filter { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    static var testLogger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return logger
    }

    // MARK: HTTP

    /// Sends a request in-process (or over a socket with `.live`).
    public func http(
        _ method: HTTPRequest.Method, _ path: String, json: JSONValue? = nil, form: [String: String]? = nil,
        raw: String? = nil, bytes: [UInt8]? = nil, token: String? = nil, headers: [String: String] = [:]
    ) async throws -> TestResponse {
        var fields = HTTPFields()
        var body: ByteBuffer?
        if let json {
            fields[.contentType] = "application/json"
            body = ByteBuffer(bytes: json.serializedBytes())
        } else if let form {
            fields[.contentType] = "application/x-www-form-urlencoded"
            let text = form.sorted { $0.key < $1.key }.map { "\(Self.formEncode($0.key))=\(Self.formEncode($0.value))" }
            body = ByteBuffer(string: text.joined(separator: "&"))
        } else if let raw {
            body = ByteBuffer(string: raw)
        } else if let bytes {
            body = ByteBuffer(bytes: bytes)
        }
        if let token { fields[.authorization] = "Bearer \(token)" }
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let response = try await client.executeRequest(uri: path, method: method, headers: fields, body: body)
        return TestResponse(
            status: Int(response.status.code), headers: response.headers, body: Array(response.body.readableBytesView))
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: JSON-RPC

    /// A new JSON-RPC session (its own login state).
    public func rpcSession(token: String? = nil) -> JSONRPCSession {
        JSONRPCSession(runtime: runtime, token: token, logger: Self.testLogger)
    }

    /// Calls `method` in a fresh session and returns the whole response object.
    public func rpc(_ method: String, _ params: JSONObject = [:], token: String? = nil) async throws -> JSONValue {
        let request: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": .string(method), "params": .object(params)]
        guard let line = await rpcSession(token: token).handle(line: request.serialized()) else {
            throw TestSetupError("no JSON-RPC response for \(method)")
        }
        return try JSONParser.parse(line)
    }
}

/// An HTTP response as tests see it.
public struct TestResponse: Sendable {
    public let status: Int
    public let headers: HTTPFields
    public let body: [UInt8]

    /// The body parsed as JSON (`.null` when it is empty or not JSON).
    public var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// A header value.
    public func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
}
