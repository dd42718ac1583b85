/// The HTTP knobs the responder needs, taken from the config.
public struct HTTPOptions: Sendable {
    public var maxBodyBytes: Int
    public var requestTimeout: Duration
    public var corsOrigins: [String]

    public init(maxBodyBytes: Int = 1 << 20, requestTimeout: Duration = .seconds(30), corsOrigins: [String] = []) {
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.corsOrigins = corsOrigins
    }
}
