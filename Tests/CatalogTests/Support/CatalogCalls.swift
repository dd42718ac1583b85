import Foundation
import HTTPTypes
import Kernel
import TestSupport
import Testing

/// The transport a test call goes through.
enum Via: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case http
    case rpc
    var testDescription: String { rawValue }
}

/// An answer in transport-neutral terms: the HTTP status (RPC: the binding's success status or
/// the error's `data.status`), the body (RPC: the result, or `{"detail": …}` for an error).
struct Reply: Sendable, CustomStringConvertible {
    var status: Int
    var body: JSONValue
    /// The raw HTTP body (RPC: the result serialised).
    var bytes: [UInt8]

    subscript(key: String) -> JSONValue? { body[key] }
    var detail: JSONValue? { body["detail"] }
    var id: Int? {
        if case .int(let id)? = body["id"] { return Int(id) }
        return nil
    }
    var items: [JSONValue] {
        if case .array(let items)? = body["items"] { return items }
        if case .array(let items) = body { return items }
        return []
    }
    var description: String { "\(status) \(body.serialized())" }
}

extension TestApp {
    /// Calls operation `method` over `via`: over HTTP the params fill the path, then the query
    /// (GET, DELETE) or a JSON body; over RPC they are the by-name params.
    func call(_ method: String, _ params: JSONObject = [:], via: Via, token: String? = nil) async throws -> Reply {
        guard let operation = runtime.table.operation(method: method) else {
            throw TestSetupError("no operation \(method)")
        }
        switch via {
        case .rpc:
            let response = try await rpc(method, params, token: token)
            if let result = response["result"] {
                return Reply(status: operation.http.status, body: result, bytes: result.serializedBytes())
            }
            guard case .object(let data)? = response["error"]?["data"], case .int(let status)? = data["status"] else {
                throw TestSetupError("unexpected JSON-RPC answer \(response.serialized())")
            }
            let body: JSONValue = ["detail": data["detail"] ?? .null]
            return Reply(status: Int(status), body: body, bytes: body.serializedBytes())
        case .http:
            var path = operation.http.path
            var rest = params
            for name in operation.http.pathParameters {
                path = path.replacingOccurrences(of: "{\(name)}", with: Self.text(params[name] ?? .null))
                rest[name] = nil
            }
            let response: TestResponse
            switch operation.http.method {
            case .get, .delete:
                let query = rest.map { "\($0.key)=\(Self.percentEncoded(Self.text($0.value)))" }
                let uri = query.isEmpty ? path : "\(path)?\(query.joined(separator: "&"))"
                response = try await http(operation.http.method == .get ? .get : .delete, uri, token: token)
            case .post, .put, .patch:
                let verb: HTTPRequest.Method = operation.http.method == .patch ? .patch : .post
                response = try await http(verb, path, json: .object(rest), token: token)
            }
            return Reply(status: response.status, body: response.json, bytes: response.body)
        }
    }

    private static func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.serialized()
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
