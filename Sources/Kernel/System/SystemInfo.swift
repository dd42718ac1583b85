/// `GET /` — the service's name and where its docs are, like the original.
struct SystemInfo: Operation {
    static let method = "system.info"
    static let http = HTTPBinding(.get, "/")
    static let access = Access.public
    static let summary = "Service name and documentation links"

    struct Output: Encodable, OperationOutput {
        var name = "E-commerce Core API"
        var docs = "/docs"
    }

    func callAsFunction(_ input: NoInput, _ context: OperationContext) async throws -> Output {
        Output()
    }
}

extension SystemInfo.Output: SchemaExample {
    static var schemaExample: SystemInfo.Output { SystemInfo.Output() }
}
