import Metrics
import Synchronization

/// `ecom_http_requests_total` and the `ecom_http_request_duration_seconds` histogram, both per
/// method, route template and status. The route is the operation's template (`/products/{id}`),
/// a fixed document's path or `unmatched`, and unusual methods are `OTHER`, so a client cannot
/// grow the label set. Each combination's counter and timer are made once and kept: making them
/// per request costs a registry lookup each, with its dimensions' allocations.
enum RequestMetrics {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    private struct Labels: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct Handles: Sendable {
        let requests: Counter
        let duration: Timer
    }

    private static let handles = Mutex<[Labels: Handles]>([:])

    static func record(method: String, route: String, status: Int, duration: Duration) {
        let labels = Labels(method: methods.contains(method) ? method : "OTHER", route: route, status: status)
        let made = handles.withLock { handles in
            if let made = handles[labels] { return made }
            let dimensions = [("method", labels.method), ("route", labels.route), ("status", String(labels.status))]
            let made = Handles(
                requests: Counter(label: "ecom_http_requests_total", dimensions: dimensions),
                duration: Timer(label: "ecom_http_request_duration_seconds", dimensions: dimensions))
            handles[labels] = made
            return made
        }
        made.requests.increment()
        made.duration.record(duration: duration)
    }
}
