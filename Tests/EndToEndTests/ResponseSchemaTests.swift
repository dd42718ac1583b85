import Catalog
import Kernel
import TestSupport
import Testing

/// The response schemas: present for every body, the same in OpenAPI and OpenRPC, and accepting
/// both the examples they were recorded from and real answers.
extension DocumentsTests {
    @Test func everyBodyResponseHasASchemaAndOpenRPCAgrees() async throws {
        try await TestApp.with(.sqlite) { app in
            let openAPI = try await app.http(.get, "/openapi.json").json
            let openRPC = try await app.rpc("rpc.discover")["result"] ?? .null
            let apiSchemas = SchemaChecker(document: openAPI)
            let rpcSchemas = SchemaChecker(document: openRPC)
            for method in openRPC["methods"]?.arrayItems ?? [] {
                let name = method["name"]?.stringValue ?? "?"
                guard let http = method["x-http"], let verb = http["method"]?.stringValue,
                    let path = http["path"]?.stringValue, case .int(let status)? = http["status"],
                    let operation = openAPI["paths"]?[path]?[verb.lowercased()]
                else {
                    Issue.record("\(name) has no OpenAPI operation")
                    continue
                }
                let result = rpcSchemas.resolved(method["result"]?["schema"] ?? .null)
                let response = operation["responses"]?[String(status)]
                guard status != 204 else {
                    #expect(response?["content"] == nil, "\(name)")
                    #expect(result == ["type": "null"], "\(name)")
                    continue
                }
                let schema = apiSchemas.resolved(response?["content"]?["application/json"]?["schema"] ?? .null)
                #expect(schema["type"] != nil, "\(name) has no response schema")
                #expect(schema["type"] == "array" ? schema["items"]?["properties"] != nil : true, "\(name)")
                #expect(result == schema, "\(name): OpenRPC result differs from the OpenAPI response")
            }
        }
    }

    @Test(arguments: [false, true]) func examplesMatchTheirSchemas(notes: Bool) async throws {
        let registry = notes ? NotesModule.registry : TestModules.registry
        let modules = notes ? ["notes"] : TestApp.allModules
        try await TestApp.with(.sqlite, modules: modules, registry: registry) { app in
            let document = try await app.http(.get, "/openapi.json").json
            let checker = SchemaChecker(document: document)
            for operation in app.runtime.table.operations where operation.http.status != 204 {
                guard let output = operation.outputSchema else {
                    Issue.record("\(operation.method) documents no output")
                    continue
                }
                // Members other modules add (`SchemaExtension`) are part of the component and the example.
                let extensions = app.runtime.table.schemaExtensions.filter { $0.component == output.name }
                let component = extensions.reduce(output.component) { $1.applied(to: $0) }
                #expect(checker.components[output.name] == .object(component), "\(operation.method)")
                var example = output.example
                if case .object(var members) = example {
                    for added in extensions { for (name, value) in added.example { members[name] = value } }
                    example = .object(members)
                }
                let problems = checker.problems(example, .object(output.reference))
                #expect(problems.isEmpty, "\(operation.method): \(problems)")
                // Every optional in the example is set, so every type is known.
                #expect(!example.serialized().contains("null"), "\(operation.method) example has a nil")
            }
        }
    }

    @Test func optionalsAreNullableAndDatesHaveAFormat() async throws {
        try await TestApp.with(.sqlite) { app in
            let schemas = try await app.http(.get, "/openapi.json").json["components"]?["schemas"]
            #expect(schemas?["Catalog.Category"]?["properties"]?["parent_id"] == ["type": ["integer", "null"]])
            #expect(schemas?["Catalog.Category"]?["required"] == ["name", "slug", "parent_id", "id"])
            #expect(
                schemas?["Catalog.Product"]?["properties"]?["created_at"] == ["type": "string", "format": "date-time"])
            #expect(schemas?["Orders.Order"]?["properties"]?["items"]?["items"]?["type"] == "object")
        }
    }

    @Test func realAnswersMatchTheirSchemas() async throws {
        try await TestApp.with(.sqlite) { app in
            _ = try await CatalogSeeder(database: app.runtime.database).seed()
            let document = try await app.http(.get, "/openapi.json").json
            let checker = SchemaChecker(document: document)
            for path in ["/", "/healthz", "/products", "/brands", "/categories", "/products/1", "/products/1/similar"] {
                let answer = try await app.http(.get, path)
                #expect(answer.status == 200, "\(path)")
                let template = path.replacingOccurrences(of: "/1", with: "/{prod_id}")
                let schema = document["paths"]?[template]?["get"]?["responses"]?["200"]?["content"]?[
                    "application/json"]?["schema"]
                #expect(schema != nil, "\(path)")
                let problems = checker.problems(answer.json, schema ?? .null)
                #expect(problems.isEmpty, "\(path): \(problems)")
            }
        }
    }

    @Test(arguments: [["catalog"], ["catalog", "inventory"]])
    func productDetailDocumentsWhatEnabledModulesAdd(modules: [String]) async throws {
        try await TestApp.with(.sqlite, modules: modules) { app in
            _ = try await CatalogSeeder(database: app.runtime.database).seed()
            let document = try await app.http(.get, "/openapi.json").json
            let schema = document["components"]?["schemas"]?["Catalog.ProductDetailExample"]
            let detail = try await app.http(.get, "/products/1").json
            #expect(detail.objectValue?.keys == schema?["properties"]?.objectValue?.keys)
            #expect((schema?["properties"]?["in_stock"] != nil) == modules.contains("inventory"))
            if modules.contains("inventory") {
                #expect(schema?["properties"]?["inventory_qty"] == ["type": ["integer", "null"]])
            }
            let openRPC = try await app.rpc("rpc.discover")["result"]
            #expect(openRPC?["components"]?["schemas"]?["Catalog.ProductDetailExample"] == schema)
        }
    }
}
