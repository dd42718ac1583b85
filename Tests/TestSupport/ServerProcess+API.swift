import Foundation
import Kernel

/// A JSON answer from a running server.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var json: JSONValue

    /// The integer member `key` of the top-level object.
    public func int(_ key: String) -> Int? {
        if case .int(let value)? = json[key] { return Int(value) }
        return nil
    }

    /// The string member `key` of the top-level object.
    public func string(_ key: String) -> String? {
        json[key]?.stringValue
    }
}

extension ServerProcess {
    /// Sends `method path` with an optional JSON body as the holder of `token`.
    public func call(
        _ method: String, _ path: String, json: JSONValue? = nil, token: String? = nil, headers: [String: String] = [:]
    ) async throws -> HTTPAnswer {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        let answer = try await request(method, path, body: json?.serialized(), headers: headers)
        return HTTPAnswer(status: answer.status, json: (try? JSONParser.parse(answer.body)) ?? .string(answer.body))
    }

    /// Logs in over the OAuth2 password form and returns the bearer token.
    public func login(_ email: String, password: String) async throws -> String {
        let form = "username=\(email)&password=\(password.replacingOccurrences(of: " ", with: "+"))"
        let answer = try await request(
            "POST", "/auth/login", body: form, headers: ["Content-Type": "application/x-www-form-urlencoded"])
        guard answer.status == 200, let token = try JSONParser.parse(answer.body)["access_token"]?.stringValue else {
            throw TestSetupError("login of \(email) failed: \(answer.status) \(answer.body)")
        }
        return token
    }

    /// Registers `email` over HTTP, logs in and returns the token.
    public func signUp(_ email: String, password: String) async throws -> String {
        let registered = try await call(
            "POST", "/auth/register", json: ["email": .string(email), "password": .string(password)])
        guard registered.status == 201 else {
            throw TestSetupError("registration of \(email) failed: \(registered.status) \(registered.json)")
        }
        return try await login(email, password: password)
    }
}
