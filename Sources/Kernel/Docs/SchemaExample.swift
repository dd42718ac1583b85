/// A value that documents its own JSON shape: `SchemaRecorder` encodes `schemaExample` with the
/// encoder every response goes through and derives the JSON Schema of the OpenAPI response and
/// the OpenRPC result from it, so no schema is written by hand beside the `Encodable` type.
///
/// Give optional properties a non-nil value so their type is known; they are documented as
/// nullable either way.
///
/// ```swift
/// extension Brand: SchemaExample {
///     static var schemaExample: Brand { Brand(name: "Acme", slug: "acme", id: 1) }
/// }
/// ```
public protocol SchemaExample: Encodable {
    /// A representative value: every optional set, every array non-empty.
    static var schemaExample: Self { get }
}

extension Array: SchemaExample where Element: SchemaExample {
    /// One example element.
    public static var schemaExample: [Element] { [Element.schemaExample] }
}

/// An array of documented elements, whose element gets the named schema.
protocol SchemaExampleArray {
    static var elementType: any SchemaExample.Type { get }
}

extension Array: SchemaExampleArray where Element: SchemaExample {
    static var elementType: any SchemaExample.Type { Element.self }
}

/// The documented success body of an operation: a named schema for `components/schemas` and
/// the schema that refers to it, identical in the OpenAPI and OpenRPC documents.
public struct OutputSchema: Sendable, Equatable {
    /// The component's name, e.g. `Catalog.Product`.
    public var name: String
    /// The component's JSON Schema.
    public var component: JSONObject
    /// The response schema: a `$ref` to the component, or an array of them.
    public var reference: JSONObject
    /// The example the schema was recorded from, as JSON (for tests).
    public var example: JSONValue

    /// The schema of `type`'s example; arrays refer to their element's component.
    public init(_ type: any SchemaExample.Type) throws {
        let element = (type as? any SchemaExampleArray.Type)?.elementType ?? type
        name = Self.name(of: element)
        component = try SchemaRecorder.schema(of: element.schemaExample)
        let ref: JSONObject = ["$ref": .string("#/components/schemas/\(name)")]
        example = try JSONValueEncoder().encode(type.schemaExample)
        reference =
            ObjectIdentifier(element) == ObjectIdentifier(type) ? ref : ["type": "array", "items": .object(ref)]
    }

    /// `Module.Type.Nested` without characters a component name may not contain.
    static func name(of type: Any.Type) -> String {
        let parts = String(reflecting: type).split(separator: ".").filter { !$0.contains("(") }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        return String(parts.joined(separator: ".").map { allowed.contains($0) ? $0 : "_" })
    }
}
