/// The input of an operation, read field by field so that decoding, validation and the schema
/// come from one initializer (see `FieldReader`).
public protocol OperationInput: Sendable {
    init(from reader: FieldReader)
}

/// An input with no fields.
public struct NoInput: OperationInput {
    public init(from reader: FieldReader) {}
    public init() {}
}

/// One unit of behaviour, declared once and served by every transport.
///
/// ```swift
/// struct GetBrand: Operation {
///     static let method = "catalog.brands.get"
///     static let http = HTTPBinding(.get, "/brands/{brand_id}")
///     static let access = Access.public
///     static let summary = "Read a brand"
///     struct Input: OperationInput {
///         var brandID: Int
///         init(from r: FieldReader) { brandID = r.field("brand_id") }
///     }
///     let store: BrandStore
///     func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Brand {
///         try await store.brand(id: input.brandID)
///     }
/// }
/// ```
public protocol Operation: Sendable {
    associatedtype Input: OperationInput
    associatedtype Output: OperationOutput
    /// The type whose `SchemaExample` documents the success body; `Output` unless the output
    /// is pre-encoded (`RawJSON`, a replayed answer), which names what it carries instead.
    associatedtype Documented = Output

    /// The JSON-RPC method name, e.g. `catalog.products.list`.
    static var method: String { get }
    /// The HTTP binding.
    static var http: HTTPBinding { get }
    /// Who may call it.
    static var access: Access { get }
    /// One line for the docs.
    static var summary: String { get }
    /// The error statuses the handler answers with (`{"detail": "…"}`), besides the 401, 403
    /// and 422 the kernel documents from `access` and the input; listed in OpenAPI. 422 here
    /// means the handler also answers 422 with a message instead of a list of issues.
    static var errorStatuses: [Int] { get }

    /// Runs the operation. Throw `AppError` for anything the caller should see.
    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Output
}

extension Operation {
    /// No errors of its own.
    public static var errorStatuses: [Int] { [] }
}

/// What an operation returns: any `Encodable` value, `NoContent`, or pre-encoded `RawJSON`.
public protocol OperationOutput {
    /// The JSON body, or nil for no body.
    func encodedJSON() throws -> [UInt8]?
    /// An HTTP status that replaces the binding's success status (e.g. 503 from `/healthz`).
    var statusOverride: Int? { get }
}

extension OperationOutput {
    public var statusOverride: Int? { nil }
}

/// The encoded result of an operation call.
public struct OperationResult: Sendable {
    /// The JSON body, nil for none.
    public var body: [UInt8]?
    /// Replaces the binding's success status when set.
    public var statusOverride: Int?
    /// The authenticated caller, for request logs.
    public var userID: Int64? = nil
}

extension OperationOutput where Self: Encodable {
    public func encodedJSON() throws -> [UInt8]? {
        try JSONCoding.encode(self)
    }
}

extension Array: OperationOutput where Element: Encodable {}

/// An empty answer (HTTP 204; JSON-RPC `null`).
public struct NoContent: OperationOutput {
    public init() {}
    public func encodedJSON() throws -> [UInt8]? { nil }
}

/// JSON that is already encoded, e.g. a cached listing served without decoding it again.
public struct RawJSON: OperationOutput {
    public var bytes: [UInt8]
    public init(bytes: [UInt8]) { self.bytes = bytes }
    public func encodedJSON() throws -> [UInt8]? { bytes }
}

extension JSONValue: OperationOutput {
    public func encodedJSON() throws -> [UInt8]? { serializedBytes() }
}
