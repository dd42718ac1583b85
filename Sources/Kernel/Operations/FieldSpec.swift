/// The recorded description of one input field, the source of OpenAPI and OpenRPC schemas.
public struct FieldSpec: Sendable {
    /// The name in JSON-RPC params and in path/query/body.
    public var name: String
    public var location: FieldLocation
    public var required: Bool
    public var schema: JSONObject
    /// For header fields, the HTTP header name (`Idempotency-Key`).
    public var headerName: String? = nil
}

extension [FieldSpec] {
    /// These fields as the properties of one JSON Schema object, which must have the `required`
    /// ones (by default, every field that is required).
    public func objectSchema(requiring required: [FieldSpec]? = nil) -> JSONObject {
        var properties = JSONObject()
        for field in self { properties[field.name] = .object(field.schema) }
        var schema: JSONObject = ["type": "object", "properties": .object(properties)]
        let names = (required ?? filter(\.required)).map { JSONValue.string($0.name) }
        if !names.isEmpty { schema["required"] = .array(names) }
        return schema
    }
}
