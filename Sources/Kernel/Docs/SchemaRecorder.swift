/// Derives a JSON Schema from an example value, as `JSONValueEncoder` writes it: JSON types from
/// the values, `required` listing every key (nil optionals are written as `null`), `format:
/// date-time` for dates, nullable types for properties encoded with `encodeIfPresent`, and
/// array items from the first element.
public enum SchemaRecorder {
    /// The schema of `example`.
    public static func schema(of example: some Encodable) throws -> JSONObject {
        schema(of: try JSONValueEncoder().encodeNode(example))
    }

    static func schema(of node: EncodingNode) -> JSONObject {
        var schema: JSONObject
        switch node.kind {
        case .keyed:
            var properties = JSONObject()
            for (key, child) in node.children { properties[key] = .object(Self.schema(of: child)) }
            schema = ["type": "object", "properties": .object(properties)]
            if !node.children.isEmpty { schema["required"] = .array(node.children.map { .string($0.0) }) }
        case .unkeyed:
            schema = ["type": "array", "items": .object(node.array.first.map { Self.schema(of: $0) } ?? [:])]
        case .single:
            schema = Self.schema(of: node.value)
            if node.isDate { schema["format"] = "date-time" }
        }
        if node.isOptional, let type = schema["type"], type != "null" {
            schema["type"] = [type, "null"]
        } else if node.isOptional {
            schema["type"] = nil
        }
        return schema
    }

    /// The schema of a value written as JSON (e.g. a `JSONValue` property).
    static func schema(of value: JSONValue) -> JSONObject {
        switch value {
        case .null: ["type": "null"]
        case .bool: ["type": "boolean"]
        case .int: ["type": "integer"]
        case .double: ["type": "number"]
        case .string: ["type": "string"]
        case .array(let items): ["type": "array", "items": .object(items.first.map { schema(of: $0) } ?? [:])]
        case .object(let object):
            [
                "type": "object",
                "properties": .object(JSONObject(object.map { ($0.key, .object(schema(of: $0.value))) })),
                "required": .array(object.keys.map { .string($0) }),
            ]
        }
    }
}
