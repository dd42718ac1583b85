import Kernel
import Synchronization

/// Catalog's cache namespace: public listings, details, similar products and the brand and
/// category lists, stored as the encoded JSON they are served as. One namespace, so that any
/// catalog write (or a `ProductChanged` from another module) drops all of it with one O(1)
/// generation bump, in every process sharing the store. Its name carries the database's
/// `CacheScope`. A TTL of 0 turns caching off.
struct CatalogCache: Sendable {
    /// The namespace as declared; its TTL comes from `catalog.listing_cache_ttl_seconds`.
    static func namespace(ttlSeconds: Int, scope: String? = nil) -> CacheNamespace {
        CacheNamespace(
            scope.map { "catalog:\($0)" } ?? "catalog", ttlSeconds: ttlSeconds,
            invalidatedBy: ["every catalog write", ProductChanged.name])
    }

    private let handle: Handle?

    init(_ cache: Cache, ttlSeconds: Int, scope: CacheScope) {
        handle = ttlSeconds > 0 ? Handle(cache: cache, ttlSeconds: ttlSeconds, scope: scope) : nil
    }

    /// The cached bytes for `key`, or `load()`'s, which are then cached. Errors are not cached.
    func bytes(_ key: String, load: () async throws -> [UInt8]) async throws -> [UInt8] {
        guard let namespace = await handle?.namespace() else { return try await load() }
        return try await namespace.getOrLoad(key, load: load)
    }

    /// The cached bytes for `key` served as they are, or `load()`'s value encoded and cached.
    func json(_ key: String, load: () async throws -> some Encodable) async throws -> RawJSON {
        RawJSON(bytes: try await bytes(key) { try JSONCoding.encode(try await load()) })
    }

    /// Drops every entry (before the write's response is sent).
    func invalidate() async {
        await handle?.namespace()?.invalidate()
    }

    /// The namespace handle, made once the scope is known.
    private final class Handle: Sendable {
        let cache: Cache
        let ttlSeconds: Int
        let scope: CacheScope
        let resolved = Mutex<NamespacedCache?>(nil)

        init(cache: Cache, ttlSeconds: Int, scope: CacheScope) {
            self.cache = cache
            self.ttlSeconds = ttlSeconds
            self.scope = scope
        }

        func namespace() async -> NamespacedCache? {
            if let namespace = resolved.withLock({ $0 }) { return namespace }
            guard let token = await scope.resolve() else { return nil }
            let namespace = cache.namespace(CatalogCache.namespace(ttlSeconds: ttlSeconds, scope: token))
            resolved.withLock { $0 = namespace }
            return namespace
        }
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
