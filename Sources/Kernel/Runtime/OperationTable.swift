/// Every operation the enabled modules (and the kernel's system module) serve, looked up by
/// JSON-RPC method; the transports build their routes from `operations`.
public struct OperationTable: Sendable {
    /// All operations, in module order.
    public let operations: [AnyOperation]
    private let byMethod: [String: AnyOperation]
    /// RPC method prefixes of compiled-in modules that are disabled, mapped to the module id.
    private let disabledPrefixes: [String: String]
    /// Members modules add to other modules' documented outputs (see `SchemaExtension`).
    public let schemaExtensions: [SchemaExtension]

    init(
        operations: [AnyOperation], disabledPrefixes: [String: String], schemaExtensions: [SchemaExtension] = []
    ) throws {
        var byMethod: [String: AnyOperation] = [:]
        var routes = Set<String>()
        for operation in operations {
            guard byMethod[operation.method] == nil else {
                throw BootError("two operations are named \(operation.method)")
            }
            let route = "\(operation.http.method.rawValue) \(operation.http.path)"
            guard routes.insert(route).inserted else {
                throw BootError("two operations are bound to \(route)")
            }
            byMethod[operation.method] = operation
        }
        self.operations = operations
        self.byMethod = byMethod
        self.disabledPrefixes = disabledPrefixes
        self.schemaExtensions = schemaExtensions
    }

    /// The operation served as JSON-RPC `method`.
    public func operation(method: String) -> AnyOperation? {
        byMethod[method]
    }

    /// The disabled module a method name would belong to, if any.
    public func disabledModule(for method: String) -> String? {
        guard let prefix = method.split(separator: ".").first else { return nil }
        return disabledPrefixes[String(prefix)]
    }
}
