import Metrics

/// One namespace of the `Cache`. Every method is non-throwing: when the store is unavailable,
/// reads miss and writes are dropped.
///
/// ```swift
/// let listing = cache.namespace(CacheNamespace("catalog.listing", ttlSeconds: 120))
/// let bytes = try await listing.getOrLoad("page=1") { try await renderListing(page: 1) }
/// bus.subscribe(ProductChanged.self) { _ in await listing.invalidate() }
/// ```
public struct NamespacedCache: Sendable {
    /// The namespace this handle reads and writes.
    public let namespace: CacheNamespace
    let cache: Cache
    /// `ecom_cache_requests_total{namespace,result}`, made once: a counter made per read costs
    /// a registry lookup and its dimensions' allocations on every cache hit.
    private let hits: Counter
    private let misses: Counter

    init(namespace: CacheNamespace, cache: Cache) {
        self.namespace = namespace
        self.cache = cache
        AppMetrics.bootstrap()
        self.hits = Counter(
            label: "ecom_cache_requests_total", dimensions: [("namespace", namespace.name), ("result", "hit")])
        self.misses = Counter(
            label: "ecom_cache_requests_total", dimensions: [("namespace", namespace.name), ("result", "miss")])
    }

    /// The cached value for `key` in the current generation, or nil.
    public func get(_ key: String) async -> [UInt8]? {
        let value = await read(key)?.value
        count(hit: value != nil)
        return value
    }

    /// Caches `value` under `key` for the namespace's TTL (below one second: not at all).
    public func set(_ key: String, _ value: [UInt8]) async {
        let generation = await currentGeneration(of: key)
        guard let generation else { return }
        await write(key, value, generation: generation)
    }

    /// Removes `key` from the current generation.
    public func delete(_ key: String) async {
        let entry = entry(key)
        let counter = CacheKeys.generation(namespace.name)
        _ = await cache.perform("delete") { store in
            try await store.delete(entry.key(try await store.generation(counter, of: entry)))
        }
    }

    /// Drops every entry of the namespace at once, in every process sharing the store.
    public func invalidate() async {
        let name = namespace.name
        _ = await cache.perform("invalidate") { try await $0.advanceGeneration(of: name) }
    }

    /// Drops the entries of `keys` alone, in every process sharing the store, by advancing their
    /// own generations (concurrently: one round trip on Redis). In a namespace not declared
    /// `invalidatedPerKey`, drops every entry instead.
    ///
    /// A key's counter expires `keyCounterSeconds` after its last advance, so the store holds
    /// counters only for keys invalidated lately, not for every key ever invalidated. That is
    /// safe: an advanced counter never returns to an old value (`CacheStore.advance`), and an
    /// entry stored while the counter was absent (generation `<namespace's>.0`) was stored
    /// before the counter's advance and expires (or, in memory, is evicted) before it.
    public func invalidate(keys: [String]) async {
        guard namespace.invalidatedPerKey else { return await invalidate() }
        let name = namespace.name
        let lifetime = Self.keyCounterSeconds(entryTTL: namespace.ttlSeconds)
        _ = await cache.perform("invalidate") { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for key in Set(keys) {
                    group.addTask {
                        try await store.advanceGeneration(of: name, key: key, ttlSeconds: lifetime)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// How long a key's own counter lives after its last advance: at least every entry's TTL,
    /// doubled, and a day, so an instance configured with a longer TTL than the one that
    /// advanced the counter (during a rolling change of config) is covered too.
    static func keyCounterSeconds(entryTTL: Int) -> Int {
        max(2 * entryTTL, 86_400)
    }

    /// The cached value, or `load()`'s result, which is then cached. The generation is read
    /// before `load` runs, so a value loaded while an invalidation happens is stored under the
    /// old generation and never served: plain `get` then `set` could cache stale data.
    ///
    /// `variant` tells apart values of one key that differ by who loads them (a product's
    /// detail has stock fields only where Inventory is enabled): each variant is its own entry,
    /// and invalidating the key drops them all.
    public func getOrLoad(_ key: String, variant: String = "", load: () async throws -> [UInt8]) async rethrows
        -> [UInt8]
    {
        let read = await read(key, variant: variant)
        if let hit = read?.value {
            count(hit: true)
            return hit
        }
        count(hit: false)
        let value = try await load()
        if let generation = read?.generation { await write(key, value, generation: generation, variant: variant) }
        return value
    }

    /// The current generation and `key`'s entry in it (one store round trip), or nil when the
    /// store is unavailable.
    private func read(_ key: String, variant: String = "") async -> (generation: String, value: [UInt8]?)? {
        let counter = CacheKeys.generation(namespace.name)
        let entry = entry(key, variant: variant)
        return await cache.perform("get") { try await $0.getGenerational(counter, entry: entry) }
    }

    /// `ecom_cache_requests_total{namespace,result}`; namespaces are declared by modules, so bounded.
    /// An unavailable store counts as a miss, which is what the caller sees.
    private func count(hit: Bool) {
        (hit ? hits : misses).increment()
    }

    private func entry(_ key: String, variant: String = "") -> GenerationalKey {
        CacheKeys.entry(namespace.name, key: key, perKey: namespace.invalidatedPerKey, variant: variant)
    }

    private func currentGeneration(of key: String) async -> String? {
        let entry = entry(key)
        let counter = CacheKeys.generation(namespace.name)
        return await cache.perform("generation") { try await $0.generation(counter, of: entry) }
    }

    private func write(_ key: String, _ value: [UInt8], generation: String, variant: String = "") async {
        let entry = entry(key, variant: variant)
        let ttl = namespace.ttlSeconds
        _ = await cache.perform("set") {
            try await $0.setGenerational(entry, generation: generation, value, ttlSeconds: ttl)
        }
    }
}
