import Foundation
import Testing

@testable import Kernel

/// Tests against a `redis-server` the test starts itself, so it can stop, freeze and restart it.
@Suite(.enabled(if: CacheTestRedis.canSpawn, "needs redis-server (required when CI=true)"))
struct CacheRedisServerTests {
    @Test func authenticatesAndSelectsTheDatabase() async throws {
        let server = try await CacheTestRedisServer(password: "s3cret")
        let base = "127.0.0.1:\(server.port)"
        let db3 = try RedisCacheStore(url: "redis://:s3cret@\(base)/3")
        let db0 = try RedisCacheStore(url: "redis://:s3cret@\(base)/0")
        let wrong = try RedisCacheStore(url: "redis://:wrong@\(base)/0")
        let anonymous = try RedisCacheStore(url: "redis://\(base)/0")
        try await db3.set("k", bytes("in db 3"), ttlSeconds: 30)
        #expect(try await db3.get("k") == bytes("in db 3"))
        #expect(try await db0.get("k") == nil)
        await #expect(throws: CacheError.self) { try await wrong.ping() }
        do {
            try await anonymous.ping()
            Issue.record("an unauthenticated ping succeeded")
        } catch CacheError.server(let message) {
            #expect(message.hasPrefix("NOAUTH"))
        }
        for store in [db3, db0, wrong, anonymous] { await store.close() }
    }

    /// Redis stops (and restarts from its last snapshot): calls turn into quick misses, and
    /// afterwards caching resumes without serving what was cached before the outage, because an
    /// invalidation sent during the outage was lost.
    @Test func stoppedRedisServesMissesThenRecovers() async throws {
        let server = try await CacheTestRedisServer()
        let cache = try Cache.make(url: server.url, logger: cacheTestLogger)
        let name = uniqueCacheName("outage")
        let products = cache.namespace(CacheNamespace(name, ttlSeconds: 300))
        await products.set("before", bytes("old"))
        #expect(await products.get("before") == bytes("old"))
        let admin = try RedisCacheStore(url: server.url)
        try await admin.command("SAVE").expectStatus("OK")  // the restarted server reloads this
        await admin.close()

        server.stop()
        try await expectQuickMisses(cache, products)

        #expect(try await server.start())
        try await expectRecovery(cache, products)
        // The old entry is still in Redis; only the generation bump hides it.
        let raw = try RedisCacheStore(url: server.url)
        let old = try await raw.get(CacheKeys.entry(name, generation: 0, key: "before"))
        #expect(old?.dropFirst(NearCache.tagLength).elementsEqual(bytes("old")) == true)
        await raw.close()
        await cache.close()
    }

    /// Redis hangs (SIGSTOP): commands time out instead of hanging the caller.
    @Test func hungRedisTimesOutThenRecovers() async throws {
        let server = try await CacheTestRedisServer()
        let cache = try Cache.make(url: server.url, logger: cacheTestLogger)
        let products = cache.namespace(CacheNamespace(uniqueCacheName("hung"), ttlSeconds: 300))
        await products.set("before", bytes("old"))
        #expect(await products.get("before") == bytes("old"))

        server.pause()
        try await expectQuickMisses(cache, products)

        server.resume()
        try await expectRecovery(cache, products)
        await cache.close()
    }

    /// While the store is down every call returns quickly (bounded by the command timeout plus
    /// scheduling slack on a loaded two-core machine), as a miss or no-op.
    private func expectQuickMisses(_ cache: Cache, _ products: NamespacedCache) async throws {
        for round in 0..<4 {
            let (value, getTime) = await elapsed { await products.get("before") }
            #expect(value == nil)
            #expect(getTime < .seconds(2), "get took \(getTime) in round \(round)")
            let ((), setTime) = await elapsed { await products.set("during", bytes("x")) }
            #expect(setTime < .seconds(2))
            let ((), invalidateTime) = await elapsed { await products.invalidate() }  // lost
            #expect(invalidateTime < .seconds(2))
            let (count, counterTime) = await elapsed { await cache.counter("login", windowSeconds: 60) }
            #expect(count == nil)
            #expect(counterTime < .seconds(1))
            let (health, healthTime) = await elapsed { await cache.health() }
            #expect(!health.isOK)
            #expect(healthTime < .seconds(1))
            #expect(cache.isDegraded)
            try await Task.sleep(for: .milliseconds(300))
        }
    }

    /// Once the store is back, caching resumes within a few seconds and nothing cached before
    /// the outage is served.
    private func expectRecovery(_ cache: Cache, _ products: NamespacedCache) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        var resumed = false
        while !resumed, ContinuousClock.now < deadline {
            await products.set("after", bytes("new"))
            resumed = await products.get("after") == bytes("new")
            if !resumed { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(resumed, "caching did not resume")
        #expect(await products.get("before") == nil, "an entry from before the outage was served")
        #expect(!cache.isDegraded)
        #expect(await cache.health().isOK)
        #expect(await cache.counter(uniqueCacheName("login"), windowSeconds: 60) == 1)
    }
}
