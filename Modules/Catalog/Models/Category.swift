import Kernel

/// A category as the API shows it (`CategoryRead`): `{"name", "slug", "parent_id", "id"}`.
struct Category: Sendable, Equatable, Encodable, OperationOutput {
    var name: String
    var slug: String
    var parentID: Int?
    var id: Int

    enum CodingKeys: String, CodingKey {
        case name, slug
        case parentID = "parent_id"
        case id
    }
}

extension Category: SchemaExample {
    static var schemaExample: Category { Category(name: "Shoes", slug: "shoes", parentID: 1, id: 2) }
}
