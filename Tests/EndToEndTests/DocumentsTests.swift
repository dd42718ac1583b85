import Foundation
import Kernel
import TestSupport
import Testing

/// The generated documents agree with the operation table, with each other and with the README.
@Suite("Documents")
struct DocumentsTests {
    @Test func openAPIAndOpenRPCDescribeTheSameOperations() async throws {
        try await TestApp.with(.sqlite) { app in
            let openAPI = try await app.http(.get, "/openapi.json").json
            let openRPC = try await app.rpc("rpc.discover")["result"] ?? .null
            guard case .object(let paths)? = openAPI["paths"], case .array(let methods)? = openRPC["methods"] else {
                Issue.record("documents lack paths or methods")
                return
            }
            var documented: [String: JSONValue] = [:]
            for (path, item) in paths {
                for (verb, operation) in item.objectValue ?? JSONObject() {
                    documented["\(verb.uppercased()) \(path)"] = operation
                }
            }
            let table = app.runtime.table.operations
            #expect(Set(documented.keys) == Set(table.map { "\($0.http.method.rawValue) \($0.http.path)" }))
            #expect(Set(methods.compactMap { $0["name"]?.stringValue }) == Set(table.map(\.method)))
            for method in methods {
                guard let http = method["x-http"], let verb = http["method"]?.stringValue,
                    let path = http["path"]?.stringValue, let operation = documented["\(verb) \(path)"]
                else {
                    Issue.record("\(method["name"]?.stringValue ?? "?") has no OpenAPI operation")
                    continue
                }
                // Every RPC param is an OpenAPI parameter or body property with the same schema.
                var schemas: [String: JSONValue] = [:]
                if case .array(let parameters)? = operation["parameters"] {
                    for parameter in parameters {
                        schemas[parameter["name"]?.stringValue ?? ""] = parameter["schema"]
                    }
                }
                if case .object(let content)? = operation["requestBody"]?["content"] {
                    for (_, media) in content {
                        for (name, schema) in media["schema"]?["properties"]?.objectValue ?? JSONObject() {
                            schemas[name] = schema
                        }
                    }
                }
                guard case .array(let params)? = method["params"] else { continue }
                for param in params {
                    let name = param["name"]?.stringValue ?? ""
                    let header = app.runtime.table.operations.first { $0.method == method["name"]?.stringValue }?
                        .inputFields.first { $0.name == name }?.headerName
                    #expect(schemas[header ?? name] == param["schema"], "\(method["name"]?.stringValue ?? "") \(name)")
                }
            }
        }
    }

    /// What the server accepts and answers beyond the common rules is documented too: a query
    /// field of an operation with a body may come in the body (`PATCH …/inventory`), and
    /// `/healthz` answers 503 with its own document when the database is down.
    @Test func openAPIDescribesEitherPlaceFieldsAndHealthStatuses() async throws {
        try await TestApp.with(.sqlite) { app in
            let paths = try await app.http(.get, "/openapi.json").json["paths"]
            let inventory = paths?["/admin/products/{prod_id}/inventory"]?["patch"]
            guard case .array(let parameters)? = inventory?["parameters"] else {
                Issue.record("no parameters for PATCH …/inventory")
                return
            }
            for name in ["qty", "track_inventory"] {
                let parameter = parameters.first { $0["name"]?.stringValue == name }
                #expect(parameter?["in"] == "query" && parameter?["required"] == false, "\(name)")
                let body = inventory?["requestBody"]?["content"]?["application/json"]?["schema"]
                #expect(body?["properties"]?[name] != nil, "\(name) in the body")
            }
            let health = paths?["/healthz"]?["get"]?["responses"]
            #expect(health?["503"]?["content"] == health?["200"]?["content"])
            #expect(health?["503"] != nil)
        }
    }

    /// Like Starlette's redirect_slashes, a document's path with a trailing slash answers 307
    /// to the path without it, as operations' paths do (found by a QA pass: 404).
    @Test func aDocumentsPathWithATrailingSlashRedirects() async throws {
        try await TestApp.with(.sqlite) { app in
            for path in ["/docs", "/openapi.json", "/redoc"] {
                let answer = try await app.http(.get, path + "/?x=1")
                #expect(answer.status == 307, "\(path)")
                #expect(answer.header("Location") == "http://localhost" + path + "?x=1")
            }
            #expect(try await app.http(.get, "/nothing-here/").status == 404)
        }
    }

    @Test func openAPIDocumentIsValid() async throws {
        try await TestApp.with(.sqlite) { app in
            let document = try await app.http(.get, "/openapi.json")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "openapi-\(UUID().uuidString).json")
            try Data(document.body).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-c",
                "import sys, json; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1])))",
                file.path,
            ]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "openapi-spec-validator: \(message)")
        }
    }

    @Test func readmeModuleTableMatchesTheRegistry() throws {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        let readme = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
        var rows: [String: [String]] = [:]
        // The table of the "## Modules" section only (later tables list routes and settings).
        let section = readme.split(separator: "\n").drop { $0 != "## Modules" }.dropFirst()
            .prefix { !$0.hasPrefix("#") }
        for line in section where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            let id = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let depends =
                cells[1] == "—" ? [] : cells[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            rows[id] = depends
        }
        let registry = TestModules.registry.available
        #expect(Set(rows.keys) == Set(registry.map { $0.id }))
        for module in registry {
            #expect(rows[module.id].map(Set.init) == Set(module.dependencies), "README row for \(module.id)")
        }
    }
}
