import Kernel

/// JSON-RPC 2.0 error objects, and the mapping of kernel errors onto them. Application errors
/// use -32000…-32099 with `data: {status, code, detail}` mirroring the HTTP answer.
struct RPCError: Error {
    var code: Int
    var message: String
    var data: JSONValue?

    static let parseError = RPCError(code: -32700, message: "Parse error")
    static let invalidRequest = RPCError(code: -32600, message: "Invalid Request")
    static let internalError = RPCError(code: -32603, message: "Internal error")

    static func methodNotFound(_ method: String, disabledModule: String?, configPath: String) -> RPCError {
        var data: JSONObject = ["method": .string(method)]
        if let disabledModule {
            data["module"] = .string(disabledModule)
            data["detail"] = .string(
                "method '\(method)' is in the namespace of module '\(disabledModule)', which is not enabled (`modules` in \(configPath), or ECOM_MODULES)"
            )
        }
        return RPCError(code: -32601, message: "Method not found", data: .object(data))
    }

    static func invalidParams(_ detail: String) -> RPCError {
        RPCError(
            code: -32602, message: "Invalid params",
            data: ["status": 422, "code": "validation_error", "detail": .string(detail)])
    }

    var json: JSONValue {
        var object: JSONObject = ["code": .int(Int64(code)), "message": .string(message)]
        if let data { object["data"] = data }
        return .object(object)
    }
}

extension RPCError {
    /// The JSON-RPC form of an application error.
    init(_ error: AppError) {
        var object: JSONObject = [
            "status": .int(Int64(error.status)), "code": .string(error.code), "detail": error.detailJSON,
        ]
        // Headers an HTTP client would get (e.g. Retry-After on 429), except the Bearer challenge.
        let headers = error.headers.filter { $0.name != "WWW-Authenticate" }
        if !headers.isEmpty {
            object["headers"] = .object(JSONObject(headers.map { ($0.name, .string($0.value)) }))
        }
        let data = JSONValue.object(object)
        switch error.status {
        case 422:
            self.init(code: -32602, message: "Invalid params", data: data)
        case 400..<450:
            self.init(code: -32000 - (error.status - 400), message: error.message, data: data)
        case 500:
            self.init(code: -32603, message: "Internal error", data: data)
        default:
            self.init(code: -32050 - max(0, min(error.status - 500, 49)), message: error.message, data: data)
        }
    }
}
