/// What a cache store or the cache factory throws. Descriptions never contain keys, values or
/// passwords, so they are safe to log.
public enum CacheError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The cache URL is malformed or names an unsupported backend.
    case invalidURL(String)
    /// The store did not answer within the command timeout.
    case timeout
    /// The connection to the store closed before the answer arrived.
    case connectionClosed
    /// The store cannot be reached (connection refused, or still backing off after a failure).
    case unavailable(String)
    /// The store answered with an error (for Redis: an `-ERR ...` reply).
    case server(String)
    /// The store answered something the client cannot interpret.
    case protocolError(String)
    /// The store has been closed with `close()`.
    case closed

    /// A log-safe description.
    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid cache URL: \(reason)"
        case .timeout: "cache store timed out"
        case .connectionClosed: "cache store connection closed"
        case .unavailable(let reason): "cache store unavailable: \(reason)"
        case .server(let message): "cache store error reply: \(message)"
        case .protocolError(let reason): "cache store protocol error: \(reason)"
        case .closed: "cache store is closed"
        }
    }
}
