import Foundation
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
/// the error's `data.status`), the result or the error `detail`, and the headers that matter.
struct Reply: Sendable {
    var status: Int
    var body: JSONValue
    var detail: JSONValue?
    var retryAfter: String?
    var wwwAuthenticate: String?

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = body { return object[key] }
        return nil
    }

    /// The string member `key` of the body.
    func string(_ key: String) -> String? {
        if case .string(let text)? = self[key] { return text }
        return nil
    }
}

extension TestApp {
    /// Calls the operation `method` over `via` with `params`: over HTTP the params fill the
    /// binding's path, then its query (GET) or JSON/form body; over RPC they are the params.
    func call(_ method: String, _ params: JSONObject = [:], via: Via, token: String? = nil) async throws -> Reply {
        guard let operation = runtime.table.operation(method: method) else {
            throw TestSetupError("no operation \(method)")
        }
        switch via {
        case .rpc: return try await rpcReply(method, params, token: token, success: operation.http.status)
        case .http: return try await httpReply(operation.http, params, token: token)
        }
    }

    private func rpcReply(_ method: String, _ params: JSONObject, token: String?, success: Int) async throws -> Reply {
        let response = try await rpc(method, params, token: token)
        guard case .object(let object) = response else { throw TestSetupError("not an object") }
        if let result = object["result"] { return Reply(status: success, body: result) }
        guard case .object(let error)? = object["error"], case .object(let data)? = error["data"],
            case .int(let status)? = data["status"]
        else { throw TestSetupError("unexpected JSON-RPC answer \(object)") }
        return Reply(status: Int(status), body: ["detail": data["detail"] ?? .null], detail: data["detail"])
    }

    private func httpReply(_ binding: HTTPBinding, _ params: JSONObject, token: String?) async throws -> Reply {
        var path = binding.path
        var rest = params
        for name in binding.pathParameters {
            path = path.replacingOccurrences(of: "{\(name)}", with: Self.text(params[name] ?? .null))
            rest[name] = nil
        }
        let response: TestResponse
        if binding.method == .get {
            let query = rest.map { "\($0.key)=\(Self.text($0.value))" }.joined(separator: "&")
            response = try await http(.get, query.isEmpty ? path : "\(path)?\(query)", token: token)
        } else if binding.bodyFormat == .form {
            let form = Dictionary(uniqueKeysWithValues: rest.map { ($0.key, Self.text($0.value)) })
            response = try await http(.post, path, form: form, token: token)
        } else {
            response = try await http(.post, path, json: .object(rest), token: token)
        }
        var detail: JSONValue?
        if case .object(let object) = response.json { detail = object["detail"] }
        return Reply(
            status: response.status, body: response.json, detail: response.status >= 400 ? detail : nil,
            retryAfter: response.header("Retry-After"), wwwAuthenticate: response.header("WWW-Authenticate"))
    }

    private static func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.serialized()
    }
}
