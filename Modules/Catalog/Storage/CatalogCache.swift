import Kernel
import Synchronization

/// Catalog's cache: public listings, similar products and the brand and category lists in the
/// `catalog` namespace, product details in `catalog.detail`, stored as the encoded JSON they
/// are served as. A catalog write (or a `ProductChanged` that listings show) drops both with
/// one O(1) generation bump each, in every process sharing the store; a change only details
/// show (stock, from Inventory on every order) drops the details of the products it names
/// alone (one counter per product), so order traffic empties neither the listing cache nor
/// the other products' details. Deployments sharing one Redis keep apart with the kernel's
/// `cache.key_prefix`. A TTL of 0 turns caching off.
struct CatalogCache: Sendable {
    /// The namespaces as declared; their TTL comes from `catalog.listing_cache_ttl_seconds`.
    static func namespaces(ttlSeconds: Int) -> [CacheNamespace] {
        [
            CacheNamespace(
                "catalog", ttlSeconds: ttlSeconds, invalidatedBy: ["every catalog write", ProductChanged.name]),
            CacheNamespace(
                "catalog.detail", ttlSeconds: ttlSeconds,
                invalidatedBy: [
                    "every catalog write", "\(ProductChanged.name) (detail-only changes: the products named)",
                ],
                invalidatedPerKey: true),
        ]
    }

    private let listings: NamespacedCache?
    private let details: NamespacedCache?
    private let variant = DetailVariant()

    init(_ cache: Cache, ttlSeconds: Int) {
        let namespaces = Self.namespaces(ttlSeconds: ttlSeconds).map { cache.namespace($0) }
        listings = ttlSeconds > 0 ? namespaces[0] : nil
        details = ttlSeconds > 0 ? namespaces[1] : nil
    }

    /// The cached listing bytes for `key`, or `load()`'s, which are then cached. Errors are not
    /// cached.
    func bytes(_ key: String, load: () async throws -> [UInt8]) async throws -> [UInt8] {
        guard let listings else { return try await load() }
        return try await listings.getOrLoad(key, load: load)
    }

    /// The cached listing bytes for `key` served as they are, or `load()`'s value encoded and
    /// cached.
    func json(_ key: String, load: () async throws -> some Encodable) async throws -> RawJSON {
        RawJSON(bytes: try await bytes(key) { try JSONCoding.encode(try await load()) })
    }

    /// The cached detail bytes of product `id` as `extensions` shape them, or `load()`'s, which
    /// are then cached. Processes with other extensions (other modules enabled) sharing the
    /// store keep their own entries, and invalidating the product drops them all.
    func detail(_ id: Int, extensions: [any ProductDetailExtension], load: () async throws -> [UInt8]) async throws
        -> [UInt8]
    {
        guard let details else { return try await load() }
        return try await details.getOrLoad(String(id), variant: variant.name(of: extensions), load: load)
    }

    /// Drops every entry (before the write's response is sent).
    func invalidate() async {
        await listings?.invalidate()
        await details?.invalidate()
    }

    /// Drops what `event` may have made stale.
    func invalidate(for event: ProductChanged) async {
        if event.listed { await listings?.invalidate() }
        if event.listed || event.productIDs.isEmpty {
            await details?.invalidate()
        } else {
            await details?.invalidate(keys: event.productIDs.map(String.init))
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

/// The name of the detail's shape: its extensions' type names, worked out once (the
/// extensions are fixed once every module has booted) rather than on every cached read.
private final class DetailVariant: Sendable {
    private let memo = Mutex<(count: Int, name: String)?>(nil)

    func name(of extensions: [any ProductDetailExtension]) -> String {
        if let known = memo.withLock({ $0 }), known.count == extensions.count { return known.name }
        let name = extensions.map { String(describing: type(of: $0)) }.joined(separator: ",")
        memo.withLock { $0 = (extensions.count, name) }
        return name
    }
}
