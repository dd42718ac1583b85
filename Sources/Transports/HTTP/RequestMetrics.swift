import Metrics

/// `ecom_http_requests_total` and the `ecom_http_request_duration_seconds` histogram, both per
/// method, route template and status. The route is the operation's template (`/products/{id}`),
/// a fixed document's path or `unmatched`, and unusual methods are `OTHER`, so a client cannot
/// grow the label set.
enum RequestMetrics {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    static func record(method: String, route: String, status: Int, duration: Duration) {
        let dimensions = [
            ("method", methods.contains(method) ? method : "OTHER"), ("route", route), ("status", String(status)),
        ]
        Counter(label: "ecom_http_requests_total", dimensions: dimensions).increment()
        Timer(label: "ecom_http_request_duration_seconds", dimensions: dimensions).record(duration: duration)
    }
}
