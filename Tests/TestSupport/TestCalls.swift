import Foundation
import HTTPTypes
import Kernel

/// The transport a test call goes through.
public enum Via: String, CaseIterable, Sendable {
    case http
    case rpc
}

/// An answer in transport-neutral terms: the HTTP status (RPC: the binding's success status or
/// the error's `data.status`), the result or `{"detail": …}`, the raw result bytes and the
/// headers that matter.
public struct Reply: Sendable {
    public var status: Int
    public var body: JSONValue
    public var bytes: [UInt8]
    public var retryAfter: String?
    public var wwwAuthenticate: String?

    /// The error `detail`, when the call failed.
    public var detail: JSONValue? { status >= 400 ? self["detail"] : nil }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = body { return object[key] }
        return nil
    }

    /// The integer member `key`.
    public func int(_ key: String) -> Int? {
        if case .int(let value)? = self[key] { return Int(value) }
        return nil
    }

    /// The string member `key`.
    public func string(_ key: String) -> String? {
        if case .string(let text)? = self[key] { return text }
        return nil
    }

    /// The body as an array (listings).
    public var array: [JSONValue] {
        if case .array(let values) = body { return values }
        return []
    }
}

extension TestApp {
    /// Calls `method` over `via`: over HTTP the params fill the binding's path, then its query
    /// (GET/DELETE), form or JSON body, and `idempotencyKey` is the `Idempotency-Key` header;
    /// over RPC all are params (`idempotency_key`).
    public func call(
        _ method: String, _ params: JSONObject = [:], via: Via, token: String? = nil, idempotencyKey: String? = nil
    ) async throws -> Reply {
        guard let operation = runtime.table.operation(method: method) else {
            throw TestSetupError("no operation \(method)")
        }
        switch via {
        case .rpc:
            var params = params
            if let idempotencyKey { params["idempotency_key"] = .string(idempotencyKey) }
            return try await rpcReply(method, params, token: token, success: operation.http.status)
        case .http:
            return try await httpReply(operation, params, token: token, idempotencyKey: idempotencyKey)
        }
    }

    private func rpcReply(_ method: String, _ params: JSONObject, token: String?, success: Int) async throws -> Reply {
        guard case .object(let object) = try await rpc(method, params, token: token) else {
            throw TestSetupError("not an object")
        }
        if let result = object["result"] {
            return Reply(status: success, body: result, bytes: result.serializedBytes())
        }
        guard case .object(let error)? = object["error"], case .object(let data)? = error["data"],
            case .int(let status)? = data["status"]
        else { throw TestSetupError("unexpected JSON-RPC answer \(object)") }
        let body: JSONValue = ["detail": data["detail"] ?? .null]
        return Reply(
            status: Int(status), body: body, bytes: body.serializedBytes(),
            retryAfter: data["headers"]?["Retry-After"]?.stringValue)
    }

    /// Each param goes where the operation declares it: path, query string or body; params the
    /// operation does not declare go to the query for GET/DELETE and to the body otherwise.
    private func httpReply(_ operation: AnyOperation, _ params: JSONObject, token: String?, idempotencyKey: String?)
        async throws -> Reply
    {
        let binding = operation.http
        var path = binding.path
        var query: [String] = []
        var body = JSONObject()
        for (name, value) in params {
            let location = operation.inputFields.first { $0.name == name }?.location ?? binding.defaultFieldLocation
            switch location {
            case .path: path = path.replacingOccurrences(of: "{\(name)}", with: Self.text(value))
            case .query: query.append("\(name)=\(Self.formEncode(Self.text(value)))")
            case .body, .header: body[name] = value
            }
        }
        let headers = idempotencyKey.map { ["Idempotency-Key": $0] } ?? [:]
        let method = HTTPRequest.Method(binding.method.rawValue)!
        let target = query.isEmpty ? path : "\(path)?\(query.joined(separator: "&"))"
        let response: TestResponse
        if binding.method == .get || binding.method == .delete {
            response = try await http(method, target, token: token, headers: headers)
        } else if binding.bodyFormat == .form {
            let form = Dictionary(uniqueKeysWithValues: body.map { ($0.key, Self.text($0.value)) })
            response = try await http(method, target, form: form, token: token, headers: headers)
        } else {
            response = try await http(method, target, json: .object(body), token: token, headers: headers)
        }
        return Reply(
            status: response.status, body: response.json, bytes: response.body,
            retryAfter: response.header("Retry-After"), wwwAuthenticate: response.header("WWW-Authenticate"))
    }

    private static func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.serialized()
    }
}
