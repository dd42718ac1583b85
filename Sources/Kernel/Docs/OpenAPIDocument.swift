import Foundation

/// Generates the OpenAPI 3.1 document from the operation table, so routes, parameters and
/// documentation can never disagree.
public enum OpenAPIDocument {
    /// The document as JSON.
    public static func generate(
        _ table: OperationTable, title: String = "E-commerce Core API", version: String = "0.1.0"
    )
        -> JSONValue
    {
        var paths = JSONObject()
        for operation in table.operations {
            let path = operation.http.path
            var item = paths[path]?.objectValue ?? JSONObject()
            item[operation.http.method.rawValue.lowercased()] = .object(describe(operation))
            paths[path] = .object(item)
        }
        var schemas = outputComponents(table)
        schemas["HTTPValidationError"] = validationErrorSchema
        schemas["HTTPError"] = errorSchema
        return [
            "openapi": "3.1.0",
            "info": ["title": .string(title), "version": .string(version)],
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "securitySchemes": [
                    "OAuth2PasswordBearer": [
                        "type": "oauth2",
                        "flows": ["password": ["scopes": [:], "tokenUrl": "/auth/login"]],
                    ]
                ],
            ],
        ]
    }

    static func describe(_ operation: AnyOperation) -> JSONObject {
        var object: JSONObject = [
            "summary": .string(operation.summary),
            "operationId": .string(operation.method.replacingOccurrences(of: ".", with: "_")),
            "tags": [.string(operation.moduleID)],
        ]
        // A query field of an operation that has a body may come in the JSON body instead
        // (`FieldReader` looks there too): documented in both places, required in neither.
        let eitherPlace = operation.http.hasBody
        let parameters = operation.inputFields.filter { $0.location != .body }.map { field -> JSONValue in
            let optional = eitherPlace && field.location == .query
            return [
                "name": .string(field.headerName ?? field.name), "in": .string(field.location.rawValue),
                "required": .bool(!optional && (field.required || field.location == .path)),
                "schema": .object(field.schema),
            ]
        }
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        let bodyFields = operation.inputFields.filter { $0.location == .body }
        let queryFields = eitherPlace ? operation.inputFields.filter { $0.location == .query } : []
        if !bodyFields.isEmpty || !queryFields.isEmpty {
            let schema = (bodyFields + queryFields).objectSchema(requiring: bodyFields.filter(\.required))
            let required = bodyFields.filter(\.required)
            let mediaType =
                operation.http.bodyFormat == .form ? "application/x-www-form-urlencoded" : "application/json"
            // A body whose fields are all optional may be left out (a PATCH that changes nothing).
            object["requestBody"] = [
                "required": .bool(!required.isEmpty), "content": [mediaType: ["schema": .object(schema)]],
            ]
        }
        var responses: JSONObject = [String(operation.http.status): ["description": "Successful Response"]]
        if operation.http.status != 204 {
            let schema = operation.outputSchema?.reference ?? JSONObject()
            let content: JSONValue = ["application/json": ["schema": .object(schema)]]
            responses[String(operation.http.status)] = ["description": "Successful Response", "content": content]
            for status in operation.http.alsoAnswers {
                responses[String(status)] = ["description": "The same document, with this status", "content": content]
            }
        }
        if !operation.inputFields.isEmpty {
            responses["422"] = errorResponse("Validation Error", ref: "HTTPValidationError")
        }
        if operation.access != .public {
            object["security"] = [["OAuth2PasswordBearer": []]]
            responses["401"] = errorResponse("Not authenticated", ref: "HTTPError")
        }
        if operation.access == .superuser { responses["403"] = errorResponse("Forbidden", ref: "HTTPError") }
        if operation.readsBody {
            // Bytes not valid in the body's encoding, or a multipart body that does not parse.
            responses["400"] = errorResponse("Unreadable body", ref: "HTTPError")
        }
        for status in operation.errorStatuses { responses[String(status)] = handlerError(status) }
        object["responses"] = .object(responses)
        return object
    }

    /// The named output schemas of `table`'s operations, with the members other modules add,
    /// for `components/schemas` in both documents.
    static func outputComponents(_ table: OperationTable) -> JSONObject {
        var schemas = JSONObject()
        for case let output? in table.operations.map(\.outputSchema) {
            schemas[output.name] = .object(output.component)
        }
        for extensions in table.schemaExtensions {
            guard let component = schemas[extensions.component]?.objectValue else { continue }
            schemas[extensions.component] = .object(extensions.applied(to: component))
        }
        return schemas
    }

    static func errorResponse(_ description: String, ref: String) -> JSONValue {
        [
            "description": .string(description),
            "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(ref)")]]],
        ]
    }

    static let errorSchema: JSONValue = [
        "type": "object", "properties": ["detail": ["type": "string"]], "required": ["detail"],
    ]

    static let validationErrorSchema: JSONValue = [
        "type": "object",
        "properties": [
            "detail": [
                "type": "array",
                "items": [
                    "type": "object",
                    "properties": [
                        "loc": ["type": "array", "items": ["anyOf": [["type": "string"], ["type": "integer"]]]],
                        "msg": ["type": "string"], "type": ["type": "string"], "input": [:],
                        "ctx": ["type": "object"],
                    ],
                    "required": ["loc", "msg", "type"],
                ],
            ]
        ],
    ]
}
