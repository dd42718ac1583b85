import Foundation
import Kernel
import TestSupport
import Testing

/// schemathesis (PyPI, installed by `scripts/test`) fuzzes every operation of `/openapi.json`
/// against a real `ecom serve`, as a customer and as a superuser: no 5xx, every status
/// documented, every body matching its documented schema and content type, and every
/// protected operation refusing a request without the token.
///
/// Checks left out on purpose: `positive_data_acceptance` (the API refuses schema-valid input
/// by design: unknown references 422, `min_price > max_price` 400, an empty order 400, passwords
/// over 72 bytes 422) and `negative_data_rejection` (pydantic's lax coercion, which the API
/// keeps, accepts `true` or `"5"` for an integer). Schemathesis 4 runs Hypothesis without a
/// deadline; each run is bounded by `--max-examples`, `--request-timeout` and `runTimeout`.
@Suite("schemathesis", .serialized)
struct SchemathesisTests {
    static let checks = [
        "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
        "response_headers_conformance", "ignored_auth",
    ].joined(separator: ",")
    static let runTimeout: TimeInterval = 75

    @Test(arguments: TestEnvironment.backends)
    func findsNoServerErrorsAndNoSchemaViolations(backend: Backend) async throws {
        try await ServedShop.with(backend) { shop in
            // Something to read, pay and cancel: a confirmed order and a new one.
            let line: JSONValue = ["items": [["product_id": 1, "quantity": 1]]]
            let paid = try await shop.call("POST", "/orders", json: line, token: shop.customerToken)
            guard case .int(let id)? = paid.body["id"] else { throw TestSetupError("no order: \(paid.body)") }
            #expect(try await shop.call("POST", "/orders/\(id)/pay", token: shop.customerToken).status == 201)
            #expect(try await shop.call("POST", "/orders", json: line, token: shop.customerToken).status == 201)

            // Admin operations are covered as the superuser; as a customer they would only say 403.
            let runs = [
                ("customer", shop.customerToken, ["--exclude-path-regex", "^/admin/"]),
                // seed-demo creates up to 100,000 products by design; `SeedDemoCommandTests` covers it.
                ("superuser", shop.adminToken, ["--exclude-path", "/admin/catalog/seed-demo"]),
            ]
            for (who, token, filters) in runs {
                let port = shop.server.port
                let outcome = try await RawConnection.offload {
                    try Self.schemathesis(port: port, token: token, filters: filters)
                }
                #expect(outcome.status == 0, "schemathesis as \(who) on \(backend):\n\(outcome.output)")
            }
            #expect(shop.server.isRunning, "ecom serve died under the fuzzer")
            #expect(try await shop.call("GET", "/healthz", token: nil).status == 200)
        }
    }

    /// A fast guard for what schemathesis found first: an operation that names an object in its
    /// path answers 404 when it does not exist, so it must say so in its `errorStatuses`.
    @Test func everyOperationNamingAnObjectDocumentsItsAbsence() async throws {
        try await TestApp.with(.sqlite) { app in
            let paths = try await app.http(.get, "/openapi.json").json["paths"]
            for operation in app.runtime.table.operations where !operation.http.pathParameters.isEmpty {
                let documented = paths?[operation.http.path]?[operation.http.method.rawValue.lowercased()]
                #expect(documented?["responses"]?["404"] != nil, "\(operation.method) does not document its 404")
            }
        }
    }

    /// Runs `schemathesis run` in a scratch directory (Hypothesis writes there); nonzero when it
    /// found a failure, with its report as `output`.
    static func schemathesis(port: Int, token: String, filters: [String]) throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemathesis-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("output.txt")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.currentDirectoryURL = directory
        process.arguments =
            [
                "python3", "-m", "schemathesis.cli", "run", "http://127.0.0.1:\(port)/openapi.json",
                "--header", "Authorization: Bearer \(token)", "--checks", checks, "--max-examples", "10",
                "--seed", "1", "--request-timeout", "10", "--generation-database", "none", "--no-color",
                "--warnings", "off",
            ] + filters
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(runTimeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        var output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        if output.contains("No module named schemathesis") {
            output += "\nschemathesis is missing: run the suite with scripts/test, which installs it"
        }
        if timedOut { output += "\nschemathesis did not finish within \(Int(runTimeout)) s" }
        return (timedOut ? -1 : process.terminationStatus, String(output.suffix(20_000)))
    }
}
