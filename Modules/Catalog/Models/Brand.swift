import Kernel

/// A brand as the API shows it (`BrandRead`): `{"name", "slug", "id"}`.
struct Brand: Sendable, Equatable, Encodable, OperationOutput {
    var name: String
    var slug: String
    var id: Int
}
