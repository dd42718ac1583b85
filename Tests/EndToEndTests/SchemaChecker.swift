import Kernel

/// A tiny JSON Schema checker for the subset the output schemas use: `type` (one or a list),
/// `properties`, `required`, `items` and `$ref` into a document's `components/schemas`.
struct SchemaChecker {
    /// The document's `components/schemas`.
    let components: JSONObject

    init(document: JSONValue) {
        components = document["components"]?["schemas"]?.objectValue ?? JSONObject()
    }

    /// `schema` with every `$ref` replaced by the component it names.
    func resolved(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .object(let object):
            if let ref = object["$ref"]?.stringValue, let name = ref.split(separator: "/").last,
                let component = components[String(name)]
            {
                return resolved(component)
            }
            return .object(JSONObject(object.map { ($0.key, resolved($0.value)) }))
        case .array(let items): return .array(items.map(resolved))
        default: return schema
        }
    }

    /// Why `value` does not match `schema` (empty when it does).
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        let schema = resolved(schema)
        var found: [String] = []
        if let type = schema["type"] {
            let types = type.arrayItems?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !types.contains(where: { Self.matches(value, $0) }) {
                return ["\(path): \(value.typeName) is not \(types.joined(separator: "|"))"]
            }
        }
        if case .object(let object) = value {
            for case .string(let key) in schema["required"]?.arrayItems ?? [] where object[key] == nil {
                found.append("\(path).\(key): missing")
            }
            let properties = schema["properties"]?.objectValue ?? JSONObject()
            for (key, property) in properties {
                if let member = object[key] { found += problems(member, property, at: "\(path).\(key)") }
            }
            if schema["properties"] != nil {
                for key in object.keys where properties[key] == nil { found.append("\(path).\(key): undocumented") }
            }
        }
        if case .array(let elements) = value, let items = schema["items"] {
            for (index, element) in elements.enumerated() {
                found += problems(element, items, at: "\(path)[\(index)]")
            }
        }
        return found
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.int, "integer"), (.int, "number"), (.double, "number"),
            (.string, "string"), (.array, "array"), (.object, "object"):
            true
        default: false
        }
    }
}

extension JSONValue {
    /// The elements, when this is an array.
    var arrayItems: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
