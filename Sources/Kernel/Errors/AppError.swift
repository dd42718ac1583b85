/// The one error type operations throw: an HTTP status, a stable machine code and a detail
/// for humans. Both transports render it; anything else thrown becomes a 500 that leaks nothing.
///
/// ```swift
/// throw AppError.notFound("Product not found")
/// throw AppError(status: 409, code: "email_taken", detail: "Email already registered")
/// ```
public struct AppError: Error, Sendable, Equatable {
    /// The HTTP status this error maps to (JSON-RPC carries it in `data.status`).
    public var status: Int
    /// A stable, machine-readable code such as `not_found` or `validation_error`.
    public var code: String
    /// The human detail: a message, or FastAPI-style validation issues.
    public var detail: Detail
    /// Extra response headers, e.g. `WWW-Authenticate` or `Retry-After`.
    public var headers: [Header]

    /// A detail is a message or a list of validation issues.
    public enum Detail: Sendable, Equatable {
        case message(String)
        case validation([ValidationIssue])
    }

    /// An HTTP header attached to an error response.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// An error with a message detail.
    public init(status: Int, code: String, detail: String, headers: [Header] = []) {
        self.status = status
        self.code = code
        self.detail = .message(detail)
        self.headers = headers
    }

    /// A 422 carrying validation issues.
    public init(validation issues: [ValidationIssue]) {
        self.status = 422
        self.code = "validation_error"
        self.detail = .validation(issues)
        self.headers = []
    }

    /// The detail as JSON: a string or the array of issues.
    public var detailJSON: JSONValue {
        switch detail {
        case .message(let message): .string(message)
        case .validation(let issues): .array(issues.map(\.json))
        }
    }

    /// The message, or a summary of the validation issues.
    public var message: String {
        switch detail {
        case .message(let message): message
        case .validation(let issues): issues.map { "\($0.locationPath): \($0.msg)" }.joined(separator: "; ")
        }
    }
}

extension AppError {
    /// 400 with a message.
    public static func badRequest(_ detail: String, code: String = "bad_request") -> AppError {
        AppError(status: 400, code: code, detail: detail)
    }
    /// 401 for a missing credential (FastAPI's `Not authenticated`).
    public static let notAuthenticated = AppError(
        status: 401, code: "not_authenticated", detail: "Not authenticated",
        headers: [Header("WWW-Authenticate", "Bearer")])
    /// 401 for a credential that is present but not valid.
    public static let invalidCredentials = AppError(
        status: 401, code: "invalid_token", detail: "Could not validate credentials",
        headers: [Header("WWW-Authenticate", "Bearer")])
    /// 403 for an authenticated principal that lacks the right.
    public static let forbidden = AppError(status: 403, code: "forbidden", detail: "Forbidden")
    /// 404 with a message.
    public static func notFound(_ detail: String = "Not Found", code: String = "not_found") -> AppError {
        AppError(status: 404, code: code, detail: detail)
    }
    /// 409 with a message.
    public static func conflict(_ detail: String, code: String = "conflict") -> AppError {
        AppError(status: 409, code: code, detail: detail)
    }
    /// 413 for an oversized body.
    public static let payloadTooLarge = AppError(
        status: 413, code: "payload_too_large", detail: "Request body too large")
    /// 422 with a single issue.
    public static func invalid(_ issue: ValidationIssue) -> AppError { AppError(validation: [issue]) }
    /// 429 with `Retry-After`.
    public static func tooManyRequests(retryAfterSeconds: Int, detail: String = "Too many requests") -> AppError {
        AppError(
            status: 429, code: "rate_limited", detail: detail,
            headers: [Header("Retry-After", String(max(1, retryAfterSeconds)))])
    }
    /// 503 while a backing service is unreachable.
    public static let unavailable = AppError(
        status: 503, code: "service_unavailable", detail: "Service temporarily unavailable")
    /// 500 with nothing in it: the cause goes to the log only.
    public static let internalError = AppError(
        status: 500, code: "internal_error", detail: "Internal Server Error")
}
