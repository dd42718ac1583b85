import Kernel

/// Catalog's cache namespace: public listings, details, similar products and the brand and
/// category lists, stored as the encoded JSON they are served as. One namespace, so that any
/// catalog write (or a `ProductChanged` from another module) drops all of it with one O(1)
/// generation bump, in every process sharing the store (deployments sharing one Redis keep
/// apart with the kernel's `cache.key_prefix`). A TTL of 0 turns caching off.
struct CatalogCache: Sendable {
    /// The namespace as declared; its TTL comes from `catalog.listing_cache_ttl_seconds`.
    static func namespace(ttlSeconds: Int) -> CacheNamespace {
        CacheNamespace("catalog", ttlSeconds: ttlSeconds, invalidatedBy: ["every catalog write", ProductChanged.name])
    }

    private let namespace: NamespacedCache?

    init(_ cache: Cache, ttlSeconds: Int) {
        namespace = ttlSeconds > 0 ? cache.namespace(Self.namespace(ttlSeconds: ttlSeconds)) : nil
    }

    /// The cached bytes for `key`, or `load()`'s, which are then cached. Errors are not cached.
    func bytes(_ key: String, load: () async throws -> [UInt8]) async throws -> [UInt8] {
        guard let namespace else { return try await load() }
        return try await namespace.getOrLoad(key, load: load)
    }

    /// The cached bytes for `key` served as they are, or `load()`'s value encoded and cached.
    func json(_ key: String, load: () async throws -> some Encodable) async throws -> RawJSON {
        RawJSON(bytes: try await bytes(key) { try JSONCoding.encode(try await load()) })
    }

    /// Drops every entry (before the write's response is sent).
    func invalidate() async {
        await namespace?.invalidate()
    }
}

/// How writes announce themselves: product changes go through the event bus (Catalog's own
/// subscriber drops the cache, and other modules may listen); brand and category changes only
/// drop the cache.
struct CatalogChanges: Sendable {
    let cache: CatalogCache
    let events: EventBus

    func productChanged(_ id: Int?) async {
        await events.publish(ProductChanged(productID: id))
    }

    func taxonomyChanged() async {
        await cache.invalidate()
    }
}
