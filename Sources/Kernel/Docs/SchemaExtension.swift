/// Members one module adds to another module's documented output, so the OpenAPI and OpenRPC
/// documents show what the response really carries. Inventory, for example, adds
/// `inventory_qty` and `in_stock` to Catalog's product detail:
///
/// ```swift
/// context.services.register(
///     SchemaExtension(extending: ProductDetailExample.self, example: ["inventory_qty": 42, "in_stock": true],
///                     nullable: ["inventory_qty"]),
///     as: SchemaExtension.self)
/// ```
///
/// The members' schemas are recorded from the example, like `SchemaExample`'s, and listed as
/// required: a module that extends an output always writes its members (null when unknown).
public struct SchemaExtension: Sendable {
    /// The component the members are added to (`OutputSchema.name`).
    public let component: String
    /// The added members, in order, with their schemas.
    public let properties: [(String, JSONObject)]
    /// The example the schemas were recorded from.
    public let example: JSONObject

    /// Members for `type`'s component, with schemas recorded from `example`; `nullable` names
    /// the members that may also be `null`.
    public init(extending type: any SchemaExample.Type, example: JSONObject, nullable: Set<String> = []) {
        component = OutputSchema.name(of: type)
        self.example = example
        properties = example.map { name, value in
            var schema = SchemaRecorder.schema(of: value)
            if nullable.contains(name), let type = schema["type"] { schema["type"] = [type, "null"] }
            return (name, schema)
        }
    }

    /// `schema` (a component's object schema) with these members appended.
    public func applied(to schema: JSONObject) -> JSONObject {
        var schema = schema
        var members = schema["properties"]?.objectValue ?? JSONObject()
        var required: [JSONValue] = []
        if case .array(let names) = schema["required"] { required = names }
        for (name, property) in properties {
            members[name] = .object(property)
            if !required.contains(.string(name)) { required.append(.string(name)) }
        }
        schema["properties"] = .object(members)
        schema["required"] = .array(required)
        return schema
    }
}
