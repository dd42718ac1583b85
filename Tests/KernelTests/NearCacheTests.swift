import TestSupport
import Testing

@testable import Kernel

/// The near cache's bookkeeping, without Redis.
@Suite struct NearCacheStateTests {
    @Test func keepsWithinItsBudgetDroppingTheOldestFirst() {
        let near = NearCache(maxBytes: 3 * (1 + 100 + NearCache.tagLength + 64))
        let tag = NearCache.makeTag()
        for key in ["a", "b", "c", "d"] { near.keep(key, tag: tag, value: [UInt8](repeating: 1, count: 100)) }
        #expect(near.copy("a") == nil, "the oldest write made room")
        #expect(["b", "c", "d"].allSatisfy { near.copy($0)?.value.count == 100 })
        #expect(near.bytes <= near.maxBytes)
        near.keep("b", tag: tag, value: [2])
        near.keep("e", tag: tag, value: [UInt8](repeating: 3, count: 100))
        #expect(near.copy("b")?.value == [2], "a rewrite replaces the entry and its cost")
        #expect(near.copy("c") == nil && near.copy("e") != nil)
        near.remove("e")
        near.remove("e")
        #expect(near.copy("e") == nil)
    }

    @Test func aValueLargerThanTheBudgetIsNotKept() {
        let near = NearCache(maxBytes: 200)
        near.keep("k", tag: NearCache.makeTag(), value: [1])
        near.keep("k", tag: NearCache.makeTag(), value: [UInt8](repeating: 0, count: 500))
        #expect(near.copy("k") == nil, "an old copy of the key does not survive either")
        #expect(near.bytes == 0)
    }

    @Test func tagsAreRandom() {
        let tags = Set((0..<100).map { _ in NearCache.makeTag() })
        #expect(tags.count == 100 && tags.allSatisfy { $0.count == NearCache.tagLength })
    }
}

/// The near cache on a real Redis: a local copy is used only while Redis holds exactly its
/// bytes, whoever changes the entry and however.
@Suite(.enabled(if: CacheTestRedis.enabled, "set ECOM_TEST_REDIS_URL (required when CI=true)"))
struct NearCacheRedisTests {
    @Test func aHitIsAnsweredFromTheLocalCopyWhileRedisHoldsItsTag() async throws {
        let store = try CacheTestRedis.store()
        let (cache, listing) = namespace(store)
        await listing.set("page", bytes("first page"))
        let key = try await entryKey(store, listing, "page")
        // Change the stored bytes behind the tag: only a reader using its local copy still
        // sees the original, which is how the test observes that the value was not resent.
        _ = try await store.command("SETRANGE", key, String(NearCache.tagLength), "FIRST")
        let before = MetricsScrape(String(decoding: AppMetrics.render(), as: UTF8.self))
        #expect(await listing.get("page") == bytes("first page"))
        let after = MetricsScrape(String(decoding: AppMetrics.render(), as: UTF8.self))
        #expect(after.value("ecom_cache_near_hits_total") > before.value("ecom_cache_near_hits_total"))
        let fresh = try CacheTestRedis.store(nearCacheBytes: 0)
        #expect(await namespace(fresh, listing.namespace).1.get("page") == bytes("FIRST page"))
        await fresh.close()
        try await CacheContract.cleanUp(cache, listing)
    }

    @Test func anotherWriterOrARestoredEntryReplacesTheLocalCopy() async throws {
        let store = try CacheTestRedis.store()
        let other = try CacheTestRedis.store()
        let (cache, listing) = namespace(store)
        let (otherCache, otherListing) = namespace(other, listing.namespace)
        await listing.set("page", bytes("v1"))
        #expect(await listing.get("page") == bytes("v1"))
        await otherListing.set("page", bytes("v2"))
        #expect(await listing.get("page") == bytes("v2"), "same generation, new tag: the value is resent")
        // An entry put back from elsewhere (a snapshot, a replica) without the tag we hold.
        let key = try await entryKey(store, listing, "page")
        _ = try await store.command("SET", key, NearCache.makeTag() + bytes("restored"))
        #expect(await listing.get("page") == bytes("restored"))
        _ = try await store.command("DEL", key)
        #expect(await listing.get("page") == nil, "a deleted entry is a miss, not the local copy")
        _ = try await store.command("SET", key, bytes("short"))
        #expect(await listing.get("page") == nil, "a value too short to carry a tag is a miss")
        await otherCache.close()
        try await CacheContract.cleanUp(cache, listing)
    }

    @Test func expiryInRedisEndsTheLocalCopy() async throws {
        let store = try CacheTestRedis.store()
        let (cache, listing) = namespace(store, CacheNamespace(uniqueCacheName("near"), ttlSeconds: 1))
        await listing.set("page", bytes("v1"))
        #expect(await listing.get("page") == bytes("v1"))
        try await Task.sleep(for: .milliseconds(2_100))
        #expect(await listing.get("page") == nil)
        #expect(store.nearCache?.bytes == 0, "the miss dropped the copy")
        try await CacheContract.cleanUp(cache, listing)
    }

    @Test func withoutANearCacheEveryHitReadsTheValue() async throws {
        let store = try CacheTestRedis.store(nearCacheBytes: 0)
        #expect(store.nearCache == nil)
        try await CacheContract.getSetInvalidate { try CacheTestRedis.store(nearCacheBytes: 0) }
        try await CacheContract.invalidationAcrossInstances { try CacheTestRedis.store(nearCacheBytes: 0) }
        await store.close()
    }

    private func namespace(
        _ store: RedisCacheStore, _ namespace: CacheNamespace = CacheNamespace(uniqueCacheName("near"), ttlSeconds: 30)
    ) -> (Cache, NamespacedCache) {
        let cache = Cache(store: store, backendName: "redis", logger: cacheTestLogger)
        return (cache, cache.namespace(namespace))
    }

    /// The Redis key of `key`'s entry in the namespace's current generation.
    private func entryKey(_ store: RedisCacheStore, _ handle: NamespacedCache, _ key: String) async throws -> String {
        let name = handle.namespace.name
        let generation = try CacheKeys.parseGeneration(try await store.get(CacheKeys.generation(name)))
        return CacheKeys.entry(name, generation: generation, key: key)
    }
}
