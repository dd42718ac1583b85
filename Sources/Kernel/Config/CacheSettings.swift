/// The `cache` section: where cached responses live.
///
/// ```yaml
/// cache: { url: "memory://" }                 # in-process, the embedded default
/// cache: { url: "redis://redis:6379/0" }      # shared by every server instance
/// cache: { url: "redis://redis:6379/0", key_prefix: "shop-eu" }
/// ```
public struct CacheSettings: Sendable, Equatable {
    /// `memory://` or `redis://[user:password@]host[:port][/db]`.
    public var url: String
    /// Prepended to every key (`key_prefix`), so several deployments or test runs can share
    /// one Redis without seeing each other's entries; empty by default.
    public var keyPrefix: String
    /// How long one Redis command may take before it counts as a failure
    /// (`command_timeout_ms`, default 500): the most a request waits on a hung Redis.
    public var commandTimeoutMilliseconds: Int
    /// With Redis, how many MiB of entries each process keeps a copy of (`near_cache_mb`,
    /// default 64, 0 for none). A copy is used only after Redis confirms, in the same round
    /// trip that reads the generation, that it still holds exactly those bytes; a hit then
    /// transfers a few bytes instead of the value.
    public var nearCacheMegabytes: Int

    /// Settings with the in-process cache by default.
    public init(
        url: String = "memory://", keyPrefix: String = "", commandTimeoutMilliseconds: Int = 500,
        nearCacheMegabytes: Int = 64
    ) {
        self.url = url
        self.keyPrefix = keyPrefix
        self.commandTimeoutMilliseconds = commandTimeoutMilliseconds
        self.nearCacheMegabytes = nearCacheMegabytes
    }

    /// The Redis server, nil for the in-process cache.
    public var redis: RedisEndpoint? {
        guard url.hasPrefix("redis://") else { return nil }
        return try? RedisEndpoint(url: url)
    }

    static let example = "redis://host:6379/0 or memory://"

    /// Checks a cache URL and returns it normalised (`memory:` and `memory` become `memory://`).
    static func normalise(url: String) throws(ConfigURL.Problem) -> String {
        if url.isEmpty {
            throw ConfigURL.Problem(message: "is empty; set REDIS_URL or the setting to \(example)")
        }
        if ["memory", "memory:", "memory://"].contains(url) { return "memory://" }
        let scheme = (url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? url).lowercased()
        switch scheme {
        case "redis":
            let normalised = "redis" + url.dropFirst(scheme.count)
            _ = try RedisEndpoint(url: normalised)
            return normalised
        case "rediss":
            throw ConfigURL.Problem(
                message: "uses TLS (rediss://), which the hiredis client here does not support; "
                    + "use redis:// on a private network or a local TLS tunnel")
        default:
            throw ConfigURL.Problem(message: "has unsupported scheme \"\(scheme)\"; use \(example)")
        }
    }
}
