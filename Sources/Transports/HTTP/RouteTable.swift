import Foundation
import Kernel

/// Matches request paths against the operations' path templates. Unlike a plain router it
/// tells "no such path" (404) from "path exists, wrong method" (405 with `Allow`).
struct RouteTable: Sendable {
    enum Match {
        case found(AnyOperation, parameters: [String: String])
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private final class Node: @unchecked Sendable {
        // Built once before serving and only read afterwards, so sharing it across tasks is safe.
        var literals: [Substring: Node] = [:]
        var parameter: (name: String, node: Node)?
        var operations: [HTTPMethod: AnyOperation] = [:]
    }

    private let root = Node()

    init(_ operations: [AnyOperation]) {
        for operation in operations {
            var node = root
            for segment in operation.http.path.split(separator: "/") {
                if segment.hasPrefix("{"), segment.hasSuffix("}") {
                    let name = String(segment.dropFirst().dropLast())
                    if node.parameter == nil { node.parameter = (name, Node()) }
                    node = node.parameter!.node
                } else {
                    if node.literals[segment] == nil { node.literals[segment] = Node() }
                    node = node.literals[segment]!
                }
            }
            node.operations[operation.http.method] = operation
        }
    }

    /// As in Starlette, the path is percent-decoded before it is split (`/products/1%2F2` has
    /// three segments), empty segments are kept (`//products` is not `/products`), and a
    /// parameter never matches an empty segment.
    func match(method: String, path: Substring) -> Match {
        match(method: method, decodedPath: Substring(PercentDecoding.decode(path)))
    }

    /// `match(method:path:)` of a path already percent-decoded.
    func match(method: String, decodedPath decoded: Substring) -> Match {
        var parameters: [String: String] = [:]
        let relative = decoded.hasPrefix("/") ? decoded.dropFirst() : decoded
        let segments = relative.isEmpty ? [] : relative.split(separator: "/", omittingEmptySubsequences: false)
        guard let node = find(root, segments[...], &parameters), !node.operations.isEmpty else { return .notFound }
        if let method = HTTPMethod(rawValue: method), let operation = node.operations[method] {
            return .found(operation, parameters: parameters)
        }
        let allowed = HTTPMethod.allCases.filter { node.operations[$0] != nil }.map(\.rawValue)
        return .methodNotAllowed(allowed: allowed)
    }

    private func find(_ node: Node, _ segments: ArraySlice<Substring>, _ parameters: inout [String: String]) -> Node? {
        guard let segment = segments.first else { return node }
        let rest = segments.dropFirst()
        if let child = node.literals[segment], let found = find(child, rest, &parameters), !found.operations.isEmpty {
            return found
        }
        if let (name, child) = node.parameter, !segment.isEmpty {
            parameters[name] = String(segment)
            if let found = find(child, rest, &parameters) { return found }
            parameters[name] = nil
        }
        return nil
    }
}
