/// Generates the OpenRPC document `rpc.discover` returns, from the same recorded input schemas
/// as the OpenAPI document.
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
                "result": ["name": "result", "schema": [:]],
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
        ]
    }
}
