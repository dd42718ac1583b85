/// The type-erased operation the registry holds and the transports serve: its declaration,
/// its recorded input schema and a closure from raw input to encoded output.
public struct AnyOperation: Sendable {
    public let method: String
    public let http: HTTPBinding
    public let access: Access
    public let summary: String
    /// The error statuses the handler documents (see `Operation.errorStatuses`).
    public let errorStatuses: [Int]
    /// The input's fields as recorded from its initializer.
    public let inputFields: [FieldSpec]
    /// Whether the HTTP request's body is read: a field in the body, or a query field of an
    /// operation that has a body (see `FieldReader`). Like FastAPI, an operation that reads
    /// none never parses it, so a malformed body cannot turn its 401 or 404 into a 422.
    public let readsBody: Bool
    /// The success body's schema, recorded from `O.Documented.schemaExample`; nil without a
    /// body (204) or when the output does not document itself.
    public let outputSchema: OutputSchema?
    /// The id of the module that declared it (set by the registry).
    public internal(set) var moduleID: String = ""
    private let run: @Sendable (InputBag, OperationContext) async throws -> OperationResult

    /// Erases `operation`.
    public init<O: Operation>(_ operation: O) {
        method = O.method
        http = O.http
        access = O.access
        summary = O.summary
        errorStatuses = O.errorStatuses
        let recorder = FieldReader(source: .recording, binding: O.http)
        _ = O.Input(from: recorder)
        inputFields = recorder.fields
        readsBody = O.http.hasBody && recorder.fields.contains { $0.location == .body || $0.location == .query }
        outputSchema = (O.Documented.self as? any SchemaExample.Type).flatMap { try? OutputSchema($0) }
        let binding = O.http
        run = { bag, context in
            let input = try FieldReader.decode(O.Input.self, from: bag, binding: binding)
            let output = try await operation(input, context)
            return OperationResult(body: try output.encodedJSON(), statusOverride: output.statusOverride)
        }
    }

    /// Decodes the input, runs the handler and encodes the output. Access must already have
    /// been checked (see `Dispatcher`).
    func execute(_ bag: InputBag, _ context: OperationContext) async throws -> OperationResult {
        try await run(bag, context)
    }
}
