/// The `http` section: where `ecom serve` listens and the limits it enforces.
///
/// ```yaml
/// http: { host: 127.0.0.1, port: 8000, max_body_bytes: 1048576, read_timeout_seconds: 30, cors_origins: ["*"] }
/// ```
public struct HTTPSettings: Sendable, Equatable {
    /// The address to bind (`host`, default `127.0.0.1`; `0.0.0.0` for every interface).
    public var host: String
    /// The TCP port (`port`, default 8000; 0 picks a free port).
    public var port: Int
    /// Largest accepted request body (`max_body_bytes`, default 1 MiB); larger bodies get 413.
    public var maxBodyBytes: Int
    /// Time allowed for one request (`request_timeout_seconds`, default 30; 0.1 to 86400).
    public var requestTimeoutSeconds: Double
    /// Time a client has to send a request (`read_timeout_seconds`, default 30): its headers
    /// within this time of connecting or of the previous response, then its whole body within
    /// this time of the headers. It is also how long an idle keep-alive connection stays open.
    /// Slower clients are disconnected (a body too slow gets 408 first), so idle or trickling
    /// connections cannot pile up. 0.1 to 86400.
    public var readTimeoutSeconds: Double
    /// Time in-flight requests get to finish on SIGTERM/SIGINT (`shutdown_grace_seconds`,
    /// default 10; 0 to 3600).
    public var shutdownGraceSeconds: Double
    /// Origins allowed by CORS (`cors_origins`): `*` for any, or `https://shop.example.com`;
    /// empty (the default) sends no CORS headers.
    public var corsOrigins: [String]
    /// Addresses of the proxies whose `X-Forwarded-For` names the client (`forwarded_allow_ips`,
    /// default the loopback addresses, as uvicorn, which served the original, trusted
    /// `127.0.0.1`; `*` for any): behind a load balancer, list its addresses, or every client
    /// would share its address and its login throttle.
    public var forwardedAllowIPs: [String]

    /// Settings with the documented defaults.
    public init(
        host: String = "127.0.0.1", port: Int = 8000, maxBodyBytes: Int = 1 << 20,
        requestTimeoutSeconds: Double = 30, readTimeoutSeconds: Double = 30, shutdownGraceSeconds: Double = 10,
        corsOrigins: [String] = [], forwardedAllowIPs: [String] = ["127.0.0.1", "::1"]
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.readTimeoutSeconds = readTimeoutSeconds
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.corsOrigins = corsOrigins
        self.forwardedAllowIPs = forwardedAllowIPs
    }

    /// Seconds a request or a client's sending may take: long enough for any real request,
    /// short enough to end a stuck one the same day.
    static let timeoutRange = 0.1...86_400.0
    /// Seconds in-flight requests may get at shutdown: an orchestrator kills a process long
    /// before an hour anyway.
    static let shutdownGraceRange = 0.0...3_600.0

    static let keys = [
        "host", "port", "max_body_bytes", "request_timeout_seconds", "read_timeout_seconds", "shutdown_grace_seconds",
        "cors_origins", "forwarded_allow_ips",
    ]

    init(_ reader: ConfigReader) throws(ConfigError) {
        try reader.rejectUnknownKeys(Self.keys)
        let defaults = HTTPSettings()
        let host = try reader.string("host", default: defaults.host)
        if host.isEmpty || host.contains(where: \.isWhitespace) {
            throw reader.error("host", "must be a host name or address such as 127.0.0.1 or 0.0.0.0, found \"\(host)\"")
        }
        let origins = try reader.stringList("cors_origins") ?? defaults.corsOrigins
        for origin in origins where !Self.isValidOrigin(origin) {
            throw reader.error(
                "cors_origins",
                "has \"\(origin)\"; list \"*\" or origins such as https://shop.example.com (scheme and host, no path or trailing slash)"
            )
        }
        let proxies = try reader.stringList("forwarded_allow_ips") ?? defaults.forwardedAllowIPs
        for proxy in proxies where proxy != "*" && !ForwardedFor.isAddress(proxy) {
            throw reader.error(
                "forwarded_allow_ips", "has \"\(proxy)\"; list IP addresses such as 10.0.0.5 or ::1, or \"*\"")
        }
        self.init(
            host: host,
            port: try reader.int("port", default: defaults.port, in: 0...65535),
            maxBodyBytes: try reader.int("max_body_bytes", default: defaults.maxBodyBytes, in: 1...Int(Int32.max)),
            requestTimeoutSeconds: try reader.seconds("request_timeout_seconds", in: Self.timeoutRange)
                ?? defaults.requestTimeoutSeconds,
            readTimeoutSeconds: try reader.seconds("read_timeout_seconds", in: Self.timeoutRange)
                ?? defaults.readTimeoutSeconds,
            shutdownGraceSeconds: try reader.seconds("shutdown_grace_seconds", in: Self.shutdownGraceRange)
                ?? defaults.shutdownGraceSeconds,
            corsOrigins: origins, forwardedAllowIPs: proxies)
    }

    /// `*`, or `http(s)://host[:port]` the way browsers send `Origin`.
    static func isValidOrigin(_ origin: String) -> Bool {
        if origin == "*" { return true }
        for scheme in ["http://", "https://"] where origin.hasPrefix(scheme) {
            let authority = origin.dropFirst(scheme.count)
            return !authority.isEmpty && !authority.contains("/") && !authority.contains(where: \.isWhitespace)
        }
        return false
    }
}
