import Foundation
import Kernel

/// The data behind `ecom modules`, as JSON and as a table for terminals.
enum ModuleReport {
    static func build(_ runtime: Runtime, migrations: [MigrationStatus]) throws -> JSONValue {
        let modules = try runtime.modules.map { module -> JSONValue in
            let operations = runtime.table.operations.filter { $0.moduleID == module.id }.map {
                operation -> JSONValue in
                [
                    "rpc": .string(operation.method), "http_method": .string(operation.http.method.rawValue),
                    "path": .string(operation.http.path), "access": .string(operation.access.rawValue),
                ]
            }
            // An unknown migration (recorded by a newer ecom) is applied to the database too.
            let steps = migrations.filter { $0.module == module.id }.map { step -> JSONValue in
                [
                    "version": .int(Int64(step.version)), "name": .string(step.name),
                    "applied": .bool(step.state != .pending), "state": .string(step.state.rawValue),
                ]
            }
            let namespaces = try runtime.cacheNamespaces(of: module).map { namespace -> JSONValue in
                ["name": .string(namespace.name), "ttl_seconds": .int(Int64(namespace.ttlSeconds))]
            }
            return [
                "id": .string(module.id), "summary": .string(module.summary),
                "depends_on": .array(module.dependencies.map(JSONValue.string)),
                "operations": .array(operations), "migrations": .array(steps), "cache_namespaces": .array(namespaces),
            ]
        }
        return ["modules": .array(modules)]
    }

    /// `text` padded to `width`; longer text is kept whole (the next column moves right).
    private static func column(_ text: String?, _ width: Int) -> String {
        let text = text ?? ""
        return text.count >= width ? text : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }

    static func table(_ report: JSONValue) -> String {
        var lines: [String] = []
        guard case .array(let modules)? = report["modules"] else { return "" }
        for module in modules {
            let id = module["id"]?.stringValue ?? ""
            let depends = items(module["depends_on"]).compactMap { $0.stringValue }
            lines.append("\(id)  — \(module["summary"]?.stringValue ?? "")")
            lines.append("  depends on: \(depends.isEmpty ? "nothing" : depends.joined(separator: ", "))")
            for operation in items(module["operations"]) {
                let method = column(operation["http_method"]?.stringValue, 6)
                let path = column(operation["path"]?.stringValue, 46)
                let rpc = column(operation["rpc"]?.stringValue, 34)
                lines.append("  \(method) \(path) \(rpc) \(operation["access"]?.stringValue ?? "")")
            }
            for step in items(module["migrations"]) {
                let state = step["state"]?.stringValue ?? ""
                lines.append(
                    "  migration \(step["version"].map { $0.serialized() } ?? "") \(step["name"]?.stringValue ?? "") (\(state))"
                )
            }
            for namespace in items(module["cache_namespaces"]) {
                let ttl = namespace["ttl_seconds"].map { $0 == 0 ? "off" : "ttl \($0.serialized())s" } ?? ""
                lines.append("  cache \(namespace["name"]?.stringValue ?? "") \(ttl)")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    private static func items(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let values)? = value { return values }
        return []
    }
}
