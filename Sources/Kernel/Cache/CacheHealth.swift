/// The cache's answer to a health check.
public enum CacheHealth: Sendable, Equatable {
    /// The store answered a ping in `latencyMs` milliseconds.
    case ok(latencyMs: Double)
    /// The store is unreachable or failing; requests are served without the cache.
    case degraded(reason: String)

    /// Whether the store answered.
    public var isOK: Bool {
        if case .ok = self { return true }
        return false
    }

    /// The ping latency when the store answered.
    public var latencyMs: Double? {
        if case .ok(let latencyMs) = self { return latencyMs }
        return nil
    }
}
