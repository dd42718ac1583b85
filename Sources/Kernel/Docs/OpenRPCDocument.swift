/// Generates the OpenRPC document `rpc.discover` returns, from the same recorded input schemas
/// as the OpenAPI document, and the same output schemas (`components/schemas`, referred to
/// with identical `$ref`s).
public enum OpenRPCDocument {
    public static func generate(
        _ table: OperationTable, title: String = "E-commerce Core API", version: String = "0.1.0"
    )
        -> JSONValue
    {
        let methods = table.operations.map { operation -> JSONValue in
            let params = operation.inputFields.map { field -> JSONValue in
                ["name": .string(field.name), "required": .bool(field.required), "schema": .object(field.schema)]
            }
            return [
                "name": .string(operation.method),
                "summary": .string(operation.summary),
                "paramStructure": "by-name",
                "params": .array(params),
                "result": ["name": "result", "schema": .object(resultSchema(operation))],
                "x-http": [
                    "method": .string(operation.http.method.rawValue), "path": .string(operation.http.path),
                    "status": .int(Int64(operation.http.status)),
                ],
                "x-access": .string(operation.access.rawValue),
                "x-module": .string(operation.moduleID),
            ]
        }
        return [
            "openrpc": "1.3.2",
            "info": ["title": .string(title), "version": .string(version)],
            "methods": .array(methods),
            "components": ["schemas": .object(OpenAPIDocument.outputComponents(table))],
        ]
    }

    /// The OpenAPI response schema; `null` for operations without a body.
    static func resultSchema(_ operation: AnyOperation) -> JSONObject {
        if operation.http.status == 204 { return ["type": "null"] }
        return operation.outputSchema?.reference ?? JSONObject()
    }
}
