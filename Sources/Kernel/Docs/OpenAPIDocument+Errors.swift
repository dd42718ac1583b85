/// The error answers operations declare in `errorStatuses`.
extension OpenAPIDocument {
    /// The documented response for `status`: `{"detail": "…"}`; for 422 either that or the list
    /// of validation issues.
    static func handlerError(_ status: Int) -> JSONValue {
        guard status == 422 else { return errorResponse(reason(status), ref: "HTTPError") }
        let either: JSONValue = [
            "anyOf": [
                ["$ref": "#/components/schemas/HTTPValidationError"], ["$ref": "#/components/schemas/HTTPError"],
            ]
        ]
        return ["description": "Validation Error", "content": ["application/json": ["schema": either]]]
    }

    /// The reason phrase of the statuses operations answer with.
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }
}
