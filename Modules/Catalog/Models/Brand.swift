import Kernel

/// A brand as the API shows it (`BrandRead`): `{"name", "slug", "id"}`.
struct Brand: Sendable, Equatable, Encodable, OperationOutput {
    var name: String
    var slug: String
    var id: Int
}

extension Brand: SchemaExample {
    static var schemaExample: Brand { Brand(name: "Acme", slug: "acme", id: 1) }
}
