/// The HTTP knobs the responder needs, taken from the config.
public struct HTTPOptions: Sendable {
    public var maxBodyBytes: Int
    public var requestTimeout: Duration
    public var corsOrigins: [String]
    /// Proxies whose `X-Forwarded-For` is believed (see `ForwardedFor`).
    public var forwardedAllowIPs: [String]

    public init(
        maxBodyBytes: Int = 1 << 20, requestTimeout: Duration = .seconds(30), corsOrigins: [String] = [],
        forwardedAllowIPs: [String] = ["127.0.0.1", "::1"]
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.corsOrigins = corsOrigins
        self.forwardedAllowIPs = forwardedAllowIPs
    }
}
