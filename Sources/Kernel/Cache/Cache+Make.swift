import Logging

extension Cache {
    /// A cache for `memory://` (in-process) or `redis://[[user]:password@]host[:port][/db]`,
    /// validated by the same rules as the `cache.url` setting. Connecting is lazy, so a Redis
    /// that is down does not stop the process from starting. Throws `CacheError.invalidURL`
    /// for anything else (the message never contains the password).
    /// A non-empty `keyPrefix` is prepended to every key the store sees; on Redis, up to
    /// `nearCacheBytes` of entries are also kept in process (`NearCache`).
    public static func make(
        url: String, keyPrefix: String = "", logger: Logger, commandTimeout: Duration = .milliseconds(500),
        nearCacheBytes: Int = 64 << 20
    ) throws -> Cache {
        let normalised: String
        do {
            normalised = try CacheSettings.normalise(url: url)
        } catch {
            throw CacheError.invalidURL("cache URL \(error.message)")
        }
        if normalised == "memory://" {
            return Cache(store: MemoryCacheStore(), backendName: "memory", logger: logger)
        }
        let redis = try RedisCacheStore(
            url: normalised, commandTimeout: commandTimeout, nearCacheBytes: nearCacheBytes, logger: logger)
        let store: any CacheStore = keyPrefix.isEmpty ? redis : PrefixedCacheStore(base: redis, prefix: keyPrefix)
        return Cache(store: store, backendName: "redis", logger: logger)
    }
}
