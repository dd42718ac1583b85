import Foundation
import Logging
import Synchronization
import Testing

@testable import Kernel

/// `Cache` and `NamespacedCache` behaviour, run against memory and a real Redis. `makeStore`
/// returns a new connection to the same data each time (for Redis: a new `RedisCacheStore`).
enum CacheContract {
    typealias MakeStore = @Sendable () throws -> any CacheStore

    static func getSetInvalidate(_ makeStore: MakeStore) async throws {
        let cache = Cache(store: try makeStore(), backendName: "test", logger: cacheTestLogger)
        let products = cache.namespace(CacheNamespace(uniqueCacheName("products"), ttlSeconds: 30))
        let brands = cache.namespace(CacheNamespace(uniqueCacheName("brands"), ttlSeconds: 30))
        #expect(await products.get("list") == nil)
        await products.set("list", bytes("p1"))
        await brands.set("list", bytes("b1"))
        #expect(await products.get("list") == bytes("p1"))
        await products.invalidate()
        #expect(await products.get("list") == nil)
        #expect(await brands.get("list") == bytes("b1"), "other namespaces keep their entries")
        await products.set("list", bytes("p2"))
        #expect(await products.get("list") == bytes("p2"))
        await products.delete("list")
        #expect(await products.get("list") == nil)
        #expect(!cache.isDegraded)
        try await cleanUp(cache, products, brands)
    }

    static func namespaceTTL(_ makeStore: MakeStore) async throws {
        let cache = Cache(store: try makeStore(), backendName: "test", logger: cacheTestLogger)
        let short = cache.namespace(CacheNamespace(uniqueCacheName("short"), ttlSeconds: 3))
        await short.set("k", bytes("v"))
        #expect(await short.get("k") == bytes("v"))
        try await Task.sleep(for: .milliseconds(3_300))
        #expect(await short.get("k") == nil)
        try await cleanUp(cache, short)
    }

    /// Two processes sharing one store: an invalidation in one is seen by the other at once.
    static func invalidationAcrossInstances(_ makeStore: MakeStore) async throws {
        let name = uniqueCacheName("shared")
        let first = Cache(store: try makeStore(), backendName: "test", logger: cacheTestLogger)
        let second = Cache(store: try makeStore(), backendName: "test", logger: cacheTestLogger)
        let a = first.namespace(CacheNamespace(name, ttlSeconds: 30))
        let b = second.namespace(CacheNamespace(name, ttlSeconds: 30))
        await a.set("item", bytes("v1"))
        #expect(await b.get("item") == bytes("v1"))
        await b.invalidate()
        #expect(await a.get("item") == nil)
        await b.set("item", bytes("v2"))
        #expect(await a.get("item") == bytes("v2"))
        await a.invalidate()
        #expect(await b.get("item") == nil)
        await second.close()
        try await cleanUp(first, a)
    }

    /// Separators inside namespaces and keys cannot make two entries share a store key.
    static func oddKeys(_ makeStore: MakeStore) async throws {
        let cache = Cache(store: try makeStore(), backendName: "test", logger: cacheTestLogger)
        let base = uniqueCacheName("odd")
        let pairs: [(String, String)] = [
            (base, "1:k"), (base + ":1", "k"), (base + ":1:1", "k"), (base, "1:1:k"),
            (base, "a|b"), (base + "|a", "b"), (base, ""), (base, ":"), (base + ":", ""),
            (base, "ünï 🎉\n\r\0"), (base, String(repeating: "x", count: 2_000)),
        ]
        let handles = pairs.map { cache.namespace(CacheNamespace($0.0, ttlSeconds: 30)) }
        for (index, handle) in handles.enumerated() {
            await handle.set(pairs[index].1, bytes("value \(index)"))
        }
        for (index, handle) in handles.enumerated() {
            #expect(await handle.get(pairs[index].1) == bytes("value \(index)"), "pair #\(index)")
        }
        try await cleanUp(cache, handles)
    }

    static func counter(_ makeStore: MakeStore) async throws {
        let cache = Cache(store: try makeStore(), backendName: "test", logger: cacheTestLogger)
        let key = uniqueCacheName("login:user@example.com")
        #expect(await cache.counter(key, windowSeconds: 3) == 1)
        #expect(await cache.counter(key, windowSeconds: 3) == 2)
        #expect(await cache.counter(key + "x", windowSeconds: 3) == 1)
        try await Task.sleep(for: .milliseconds(3_300))
        #expect(await cache.counter(key, windowSeconds: 3) == 1)
        await cache.close()
    }

    static func getOrLoad(_ makeStore: MakeStore) async throws {
        let cache = Cache(store: try makeStore(), backendName: "test", logger: cacheTestLogger)
        let listing = cache.namespace(CacheNamespace(uniqueCacheName("listing"), ttlSeconds: 30))
        let loads = CacheTestCounter()
        let load: @Sendable () async throws -> [UInt8] = { bytes("page \(loads.next())") }
        #expect(try await listing.getOrLoad("p1", load: load) == bytes("page 1"))
        #expect(try await listing.getOrLoad("p1", load: load) == bytes("page 1"))
        await listing.invalidate()
        #expect(try await listing.getOrLoad("p1", load: load) == bytes("page 2"))
        await #expect(throws: CancellationError.self) {
            try await listing.getOrLoad("p2") { throw CancellationError() }
        }
        // An invalidation while loading: the loaded value must not be served afterwards.
        let raced = await listing.getOrLoad("p3") {
            await listing.invalidate()
            return bytes("stale")
        }
        #expect(raced == bytes("stale"))
        #expect(await listing.get("p3") == nil)
        try await cleanUp(cache, listing)
    }

    /// Variants of one key are separate entries (processes that shape a value differently
    /// never serve each other's), and invalidating the key drops every variant.
    static func variants(_ makeStore: MakeStore) async throws {
        let cache = Cache(store: try makeStore(), backendName: "test", logger: cacheTestLogger)
        let details = cache.namespace(
            CacheNamespace(uniqueCacheName("details"), ttlSeconds: 30, invalidatedPerKey: true))
        #expect(try await details.getOrLoad("7") { bytes("plain") } == bytes("plain"))
        #expect(try await details.getOrLoad("7", variant: "Stock") { bytes("with stock") } == bytes("with stock"))
        #expect(try await details.getOrLoad("7") { bytes("reloaded") } == bytes("plain"))
        #expect(try await details.getOrLoad("7", variant: "Stock") { bytes("reloaded") } == bytes("with stock"))
        await details.invalidate(keys: ["7"])
        #expect(try await details.getOrLoad("7") { bytes("plain 2") } == bytes("plain 2"))
        #expect(try await details.getOrLoad("7", variant: "Stock") { bytes("stock 2") } == bytes("stock 2"))
        try await cleanUp(cache, details)
    }

    static func health(_ makeStore: MakeStore) async throws {
        let cache = Cache(store: try makeStore(), backendName: "test", logger: cacheTestLogger)
        let health = await cache.health()
        #expect(health.isOK)
        #expect((health.latencyMs ?? -1) >= 0)
        await cache.close()
    }

    /// Removes the generation counters (entries expire on their own) and closes the cache.
    static func cleanUp(_ cache: Cache, _ handles: NamespacedCache...) async throws {
        try await cleanUp(cache, handles)
    }

    static func cleanUp(_ cache: Cache, _ handles: [NamespacedCache]) async throws {
        for handle in handles { try await cache.store.delete(CacheKeys.generation(handle.namespace.name)) }
        await cache.close()
    }
}

/// A thread-safe counter for closures in tests.
final class CacheTestCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
    var current: Int { value.withLock { $0 } }
}

@Suite struct CacheMemoryTests {
    /// One store shared by every "process", as memory is shared within one.
    private let makeStore: CacheContract.MakeStore = {
        let store = MemoryCacheStore()
        return { store }
    }()

    @Test func getSetInvalidate() async throws { try await CacheContract.getSetInvalidate(makeStore) }
    @Test func namespaceTTL() async throws { try await CacheContract.namespaceTTL(makeStore) }
    @Test func invalidationAcrossInstances() async throws {
        try await CacheContract.invalidationAcrossInstances(makeStore)
    }
    @Test func oddKeys() async throws { try await CacheContract.oddKeys(makeStore) }
    @Test func counter() async throws { try await CacheContract.counter(makeStore) }
    @Test func getOrLoad() async throws { try await CacheContract.getOrLoad(makeStore) }
    @Test func variants() async throws { try await CacheContract.variants(makeStore) }
    @Test func health() async throws { try await CacheContract.health(makeStore) }

    /// A key's own counter expires (after a day, or twice the entry TTL if longer), so the
    /// store keeps counters only for keys invalidated lately; a namespace's counter never does.
    @Test func perKeyCountersExpireAndNamespaceCountersDoNot() async throws {
        let store = CacheTestFlakyStore()
        let cache = Cache(store: store, backendName: "test", logger: cacheTestLogger)
        let details = cache.namespace(CacheNamespace("details", ttlSeconds: 60, invalidatedPerKey: true))
        await details.set("a", bytes("old"))
        await details.invalidate(keys: ["a"])
        #expect(await details.get("a") == nil)
        await details.invalidate()
        #expect(
            store.advances == [
                .init(key: CacheKeys.keyGeneration("details", key: "a"), ttlSeconds: 86_400),
                .init(key: CacheKeys.generation("details"), ttlSeconds: nil),
            ])
        #expect(NamespacedCache.keyCounterSeconds(entryTTL: 100_000) == 200_000)
    }
}

@Suite(.enabled(if: CacheTestRedis.enabled, "set ECOM_TEST_REDIS_URL (required when CI=true)"))
struct CacheRedisTests {
    private let makeStore: CacheContract.MakeStore = { try CacheTestRedis.store() }

    @Test func getSetInvalidate() async throws { try await CacheContract.getSetInvalidate(makeStore) }
    @Test func namespaceTTL() async throws { try await CacheContract.namespaceTTL(makeStore) }
    @Test func invalidationAcrossInstances() async throws {
        try await CacheContract.invalidationAcrossInstances(makeStore)
    }
    @Test func oddKeys() async throws { try await CacheContract.oddKeys(makeStore) }
    @Test func counter() async throws { try await CacheContract.counter(makeStore) }
    @Test func getOrLoad() async throws { try await CacheContract.getOrLoad(makeStore) }
    @Test func variants() async throws { try await CacheContract.variants(makeStore) }
    @Test func health() async throws { try await CacheContract.health(makeStore) }

    @Test func makeConnectsToRedis() async throws {
        let cache = try Cache.make(url: try CacheTestRedis.requireURL(), logger: cacheTestLogger)
        #expect(cache.backendName == "redis")
        #expect(await cache.health().isOK)
        await cache.close()
    }
}
