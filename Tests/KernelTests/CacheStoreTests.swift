import Foundation
import Testing

@testable import Kernel

/// The behaviour every `CacheStore` must have; run against memory and a real Redis.
enum CacheStoreContract {
    static func roundTrip(_ store: any CacheStore) async throws {
        let key = uniqueCacheName("rt")
        #expect(try await store.get(key) == nil)
        let value = (0...255).map { UInt8($0) } + bytes("\r\n$-1\r\n")
        try await store.set(key, value, ttlSeconds: 30)
        #expect(try await store.get(key) == value)
        try await store.set(key, [], ttlSeconds: 30)
        #expect(try await store.get(key) == [])
        try await store.delete(key)
        #expect(try await store.get(key) == nil)
        try await store.delete(key)  // deleting a missing key is fine
        try await store.ping()
    }

    // Windows of 3 s, not 1 s: the whole suite shares two cores, and a 1 s window can lapse
    // between two calls that are meant to land inside it.
    static func expiry(_ store: any CacheStore) async throws {
        let short = uniqueCacheName("ttl-short")
        let long = uniqueCacheName("ttl-long")
        try await store.set(short, bytes("a"), ttlSeconds: 3)
        try await store.set(long, bytes("b"), ttlSeconds: 30)
        #expect(try await store.get(short) == bytes("a"))
        try await Task.sleep(for: .milliseconds(3_300))
        #expect(try await store.get(short) == nil)
        #expect(try await store.get(long) == bytes("b"))
        // A ttl below one second stores nothing (and removes what was there).
        try await store.set(long, bytes("c"), ttlSeconds: 0)
        #expect(try await store.get(long) == nil)
        try await store.delete(long)
    }

    static func increment(_ store: any CacheStore) async throws {
        let plain = uniqueCacheName("incr")
        #expect(try await store.increment(plain, ttlSeconds: nil) == 1)
        #expect(try await store.increment(plain, ttlSeconds: nil) == 2)
        #expect(try await store.get(plain) == bytes("2"))
        // Counts can be given back, and a window starts with the first change whatever its sign.
        #expect(try await store.increment(plain, by: -1, ttlSeconds: nil) == 1)
        #expect(try await store.increment(plain, by: 5, ttlSeconds: nil) == 6)
        let given = uniqueCacheName("incr-back")
        #expect(try await store.increment(given, by: -1, ttlSeconds: 30) == -1)
        #expect(try await store.increment(given, by: 2, ttlSeconds: 30) == 1)

        let windowed = uniqueCacheName("incr-ttl")
        #expect(try await store.increment(windowed, ttlSeconds: 3) == 1)
        #expect(try await store.increment(windowed, ttlSeconds: 3) == 2)
        #expect(try await store.increment(windowed, ttlSeconds: 3) == 3)
        try await Task.sleep(for: .milliseconds(3_300))
        // The window ran out: the expiry was set by the first increment, not pushed back.
        #expect(try await store.increment(windowed, ttlSeconds: 3) == 1)
        #expect(try await store.get(plain) == bytes("6"))

        let text = uniqueCacheName("incr-text")
        try await store.set(text, bytes("not a number"), ttlSeconds: 30)
        await #expect(throws: CacheError.self) { try await store.increment(text, ttlSeconds: nil) }
        for key in [plain, windowed, text] { try await store.delete(key) }
    }

    /// An advanced counter never comes back to a value it or another counter of the same clock
    /// held: not after it was deleted (as expiry or eviction would), not below a larger value
    /// it already had, not under concurrent advances; with a TTL it expires.
    static func advance(_ store: any CacheStore) async throws {
        let clock = uniqueCacheName("clock")
        let (first, second) = (uniqueCacheName("adv-a"), uniqueCacheName("adv-b"))
        let a1 = try await store.advance(first, clock: clock, ttlSeconds: nil)
        let b1 = try await store.advance(second, clock: clock, ttlSeconds: nil)
        let a2 = try await store.advance(first, clock: clock, ttlSeconds: nil)
        #expect(a1 < b1 && b1 < a2)
        #expect(try await store.get(first) == bytes(String(a2)))
        try await store.delete(first)
        let a3 = try await store.advance(first, clock: clock, ttlSeconds: nil)
        #expect(a3 > a2)
        try await store.set(second, bytes(String(a3 + 1_000)), ttlSeconds: 30)
        let b2 = try await store.advance(second, clock: clock, ttlSeconds: nil)
        #expect(b2 == a3 + 1_001)
        #expect(try await store.advance(first, clock: clock, ttlSeconds: nil) > b2)
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<60 {
                group.addTask {
                    try await store.advance(index.isMultiple(of: 2) ? first : second, clock: clock, ttlSeconds: nil)
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(Set(values).count == 60 && values.allSatisfy { $0 > b2 })

        let windowed = uniqueCacheName("adv-ttl")
        let opened = try await store.advance(windowed, clock: clock, ttlSeconds: 3)
        #expect(try await store.get(windowed) == bytes(String(opened)))
        try await Task.sleep(for: .milliseconds(3_300))
        #expect(try await store.get(windowed) == nil)
        #expect(try await store.get(first) != nil)
        #expect(try await store.advance(windowed, clock: clock, ttlSeconds: 3) > opened)
        for key in [first, second, windowed, clock] { try await store.delete(key) }
    }

    static func oddKeys(_ store: any CacheStore) async throws {
        let prefix = uniqueCacheName("odd")
        let suffixes = ["", "a:b", "a|b", "a b", "line\nbreak", "crlf\r\n*1\r\n", "nul\u{0}byte", "ünïcødé 🎉", "%s%d"]
        let keys = suffixes.map { prefix + $0 }
        for (index, key) in keys.enumerated() {
            try await store.set(key, bytes("value \(index)"), ttlSeconds: 30)
        }
        for (index, key) in keys.enumerated() {
            #expect(try await store.get(key) == bytes("value \(index)"), "key #\(index)")
        }
        for key in keys { try await store.delete(key) }
    }

    /// The counter and the entry of its generation, read together; odd bytes in the key parts
    /// survive, and an absent counter is generation 0. A second read is answered the same
    /// (on Redis: from the near cache). An entry with its own counter has both in its
    /// generation: bumping either hides what was stored before, and only that entry's counter
    /// leaves the other entries alone.
    static func generational(_ store: any CacheStore) async throws {
        let counter = uniqueCacheName("gen")
        let entry = GenerationalKey(prefix: uniqueCacheName("entry") + ":ü\r\n:", suffix: ":%s 🎉\u{0}")
        #expect(try await store.getGenerational(counter, entry: entry) == ("0", nil))
        try await store.setGenerational(entry, generation: "0", bytes("at 0"), ttlSeconds: 30)
        #expect(try await store.getGenerational(counter, entry: entry) == ("0", bytes("at 0")))
        #expect(try await store.getGenerational(counter, entry: entry) == ("0", bytes("at 0")))
        #expect(try await store.increment(counter, ttlSeconds: nil) == 1)
        #expect(try await store.getGenerational(counter, entry: entry) == ("1", nil))
        try await store.setGenerational(entry, generation: "1", [], ttlSeconds: 30)
        #expect(try await store.getGenerational(counter, entry: entry) == ("1", []))
        #expect(try await store.getGenerational(counter, entry: entry) == ("1", []))

        let own = GenerationalKey(prefix: entry.prefix, suffix: ":own", counter: uniqueCacheName("own-gen"))
        let other = GenerationalKey(prefix: entry.prefix, suffix: ":other", counter: uniqueCacheName("other-gen"))
        for keyed in [own, other] {
            #expect(try await store.getGenerational(counter, entry: keyed) == ("1.0", nil))
            try await store.setGenerational(keyed, generation: "1.0", bytes("kept"), ttlSeconds: 30)
        }
        #expect(try await store.increment(try #require(own.counter), ttlSeconds: nil) == 1)
        #expect(try await store.getGenerational(counter, entry: own) == ("1.1", nil))
        #expect(try await store.getGenerational(counter, entry: other) == ("1.0", bytes("kept")))
        #expect(try await store.getGenerational(counter, entry: entry) == ("1", []))
        #expect(try await store.increment(counter, ttlSeconds: nil) == 2)
        #expect(try await store.getGenerational(counter, entry: other) == ("2.0", nil))
        let keys = [counter, entry.key("0"), entry.key("1"), own.key("1.0"), other.key("1.0")]
        for key in keys + [own.counter, other.counter].compactMap({ $0 }) { try await store.delete(key) }
    }

    static func concurrency(_ store: any CacheStore) async throws {
        let key = uniqueCacheName("concurrent")
        // Many commands in flight on one pipelined connection must each get their own reply.
        let results = try await withThrowingTaskGroup(of: (Int, [UInt8]?).self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await store.set("\(key)-\(index)", bytes("v\(index)"), ttlSeconds: 30)
                    return (index, try await store.get("\(key)-\(index)"))
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for index in 0..<200 { #expect(results[index] == bytes("v\(index)")) }
        let counter = key + "-n"
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<100 { group.addTask { try await store.increment(counter, ttlSeconds: 30) } }
            let values = try await group.reduce(into: Set<Int>()) { $0.insert($1) }
            #expect(values == Set(1...100))
        }
    }
}

@Suite struct CacheMemoryStoreTests {
    @Test func roundTrip() async throws { try await CacheStoreContract.roundTrip(MemoryCacheStore()) }
    @Test func expiry() async throws { try await CacheStoreContract.expiry(MemoryCacheStore()) }
    @Test func increment() async throws { try await CacheStoreContract.increment(MemoryCacheStore()) }
    @Test func advance() async throws { try await CacheStoreContract.advance(MemoryCacheStore()) }

    /// Filling the store with entries (anyone can: a listing per query string) must not drop
    /// counters: a login throttle's count would restart, a generation could come back.
    @Test func countersSurviveAFullStore() async throws {
        let store = MemoryCacheStore(maxEntries: 2)
        #expect(try await store.increment("throttle", ttlSeconds: 60) == 1)
        let generation = try await store.advance("gen", clock: "", ttlSeconds: nil)
        for index in 0..<5 { try await store.set("entry-\(index)", bytes("v"), ttlSeconds: 60) }
        #expect(store.count == 2)
        #expect(try await store.increment("throttle", ttlSeconds: 60) == 2)
        #expect(try await store.get("gen") == bytes(String(generation)))
        // A key written as an entry and then counted is one key, wherever it was last written.
        try await store.set("throttle", bytes("7"), ttlSeconds: 60)
        #expect(try await store.increment("throttle", ttlSeconds: 60) == 8)
        try await store.delete("throttle")
        #expect(try await store.get("throttle") == nil)
        #expect(store.counterCount == 1)
    }

    /// Expired counters are swept once there are many, so counters with a TTL do not pile up.
    @Test func expiredCountersAreSwept() async throws {
        let store = MemoryCacheStore(maxEntries: 10)
        for index in 0..<MemoryCacheStorage.countersBeforeSweeping {
            _ = try await store.increment("short-\(index)", ttlSeconds: 1)
        }
        try await Task.sleep(for: .milliseconds(1_100))
        _ = try await store.increment("long", ttlSeconds: 60)
        #expect(store.counterCount == 1)
    }
    @Test func oddKeys() async throws { try await CacheStoreContract.oddKeys(MemoryCacheStore()) }
    @Test func concurrency() async throws { try await CacheStoreContract.concurrency(MemoryCacheStore()) }
    @Test func generational() async throws { try await CacheStoreContract.generational(MemoryCacheStore()) }

    @Test func evictsExpiredFirstThenOldest() async throws {
        let store = MemoryCacheStore(maxEntries: 3)
        try await store.set("short", bytes("1"), ttlSeconds: 1)
        try await store.set("a", bytes("a"), ttlSeconds: 60)
        try await store.set("b", bytes("b"), ttlSeconds: 60)
        try await Task.sleep(for: .milliseconds(1_100))
        try await store.set("c", bytes("c"), ttlSeconds: 60)  // full: the expired entry goes
        #expect(try await store.get("a") == bytes("a"))
        #expect(try await store.get("c") == bytes("c"))
        try await store.set("a", bytes("a2"), ttlSeconds: 60)  // rewriting makes "a" the newest
        try await store.set("d", bytes("d"), ttlSeconds: 60)  // full: the oldest write ("b") goes
        #expect(try await store.get("b") == nil)
        #expect(try await store.get("a") == bytes("a2"))
        #expect(try await store.get("c") == bytes("c"))
        #expect(try await store.get("d") == bytes("d"))
        #expect(store.count == 3)
    }

    @Test func staysBoundedUnderChurn() async throws {
        let store = MemoryCacheStore(maxEntries: 50)
        for round in 0..<2_000 {
            try await store.set("k\(round % 120)", bytes("\(round)"), ttlSeconds: 60)
        }
        #expect(store.count == 50)
        #expect(try await store.get("k\(1_999 % 120)") == bytes("1999"))
    }
}

@Suite(.enabled(if: CacheTestRedis.enabled, "set ECOM_TEST_REDIS_URL (required when CI=true)"))
struct CacheRedisStoreTests {
    private func withStore(_ body: (RedisCacheStore) async throws -> Void) async throws {
        let store = try CacheTestRedis.store()
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    @Test func roundTrip() async throws { try await withStore(CacheStoreContract.roundTrip) }
    @Test func expiry() async throws { try await withStore(CacheStoreContract.expiry) }
    @Test func increment() async throws { try await withStore(CacheStoreContract.increment) }
    @Test func advance() async throws { try await withStore(CacheStoreContract.advance) }
    @Test func advanceWithPrefix() async throws {
        try await withStore { redis in
            let prefix = uniqueCacheName("tenant")
            try await CacheStoreContract.advance(PrefixedCacheStore(base: redis, prefix: prefix))
            // The clock is prefixed too: the base store's clock of that name is untouched.
            let prefixed = PrefixedCacheStore(base: redis, prefix: prefix)
            let clock = uniqueCacheName("clock")
            _ = try await prefixed.advance(uniqueCacheName("c"), clock: clock, ttlSeconds: 30)
            #expect(try await redis.get(clock) == nil)
            #expect(try await redis.get("\(prefix):\(clock)") != nil)
            try await redis.delete("\(prefix):\(clock)")
        }
    }
    @Test func oddKeys() async throws { try await withStore(CacheStoreContract.oddKeys) }
    @Test func concurrency() async throws { try await withStore(CacheStoreContract.concurrency) }
    @Test func generational() async throws { try await withStore(CacheStoreContract.generational) }

    /// With a key prefix, the script must build the prefixed entry key: the value written
    /// through the prefixed store is found, and the unprefixed key stays untouched.
    @Test func generationalWithPrefix() async throws {
        try await withStore { redis in
            let prefix = uniqueCacheName("tenant")
            try await CacheStoreContract.generational(PrefixedCacheStore(base: redis, prefix: prefix))
            let prefixed = PrefixedCacheStore(base: redis, prefix: prefix)
            let entry = GenerationalKey(prefix: uniqueCacheName("p") + ":", suffix: ":k")
            try await prefixed.setGenerational(entry, generation: "0", bytes("mine"), ttlSeconds: 30)
            #expect(try await prefixed.getGenerational("g", entry: entry) == ("0", bytes("mine")))
            #expect(try await redis.getGenerational("g", entry: entry) == ("0", nil))
            let stored = try #require(try await redis.get("\(prefix):\(entry.key("0"))"))
            #expect(stored.dropFirst(NearCache.tagLength).elementsEqual(bytes("mine")), "after the tag")
            try await prefixed.delete(entry.key("0"))
            // The entry's own counter is prefixed too: bumping it through the base store by its
            // unprefixed name does nothing to the prefixed entry.
            let keyed = GenerationalKey(prefix: entry.prefix, suffix: ":k2", counter: uniqueCacheName("kg"))
            let own = try #require(keyed.counter)
            try await prefixed.setGenerational(keyed, generation: "0.0", bytes("mine"), ttlSeconds: 30)
            _ = try await redis.increment(own, ttlSeconds: nil)
            #expect(try await prefixed.getGenerational("g", entry: keyed) == ("0.0", bytes("mine")))
            _ = try await prefixed.increment(own, ttlSeconds: nil)
            #expect(try await prefixed.getGenerational("g", entry: keyed) == ("0.1", nil))
            for key in [keyed.key("0.0"), own] {
                try await prefixed.delete(key)
                try await redis.delete(key)
            }
        }
    }

    @Test func repliesOfEveryKind() async throws {
        try await withStore { store in
            let key = uniqueCacheName("kinds")
            #expect(try await store.command("PING") == .status("PONG"))
            #expect(try await store.command("GET", key) == .null)
            #expect(try await store.command("RPUSH", key, "x", "") == .integer(2))
            #expect(try await store.command("LRANGE", key, "0", "-1") == .array([.bulk(bytes("x")), .bulk([])]))
            #expect(
                try await store.command("EVAL", "return {1, 'two', {3}, false}", "0")
                    == .array([.integer(1), .bulk(bytes("two")), .array([.integer(3)]), .null]))
            guard case .error(let message) = try await store.command("GET", key) else {
                Issue.record("expected an error reply")
                return
            }
            #expect(message.hasPrefix("WRONGTYPE"))
            await #expect(throws: CacheError.self) { try await store.get(key) }
            // The connection is still usable after an error reply.
            try await store.delete(key)
            #expect(try await store.get(key) == nil)
        }
    }

    @Test func scriptsGoByDigestAndAreReloadedWhenRedisForgetsThem() async throws {
        try await withStore { store in
            let key = uniqueCacheName("script")
            let script = RedisCacheStore.incrementScript
            #expect(try await store.command("SCRIPT", "LOAD", script.source) == .bulk(bytes(script.sha1)))
            _ = try await store.command("SCRIPT", "FLUSH")
            // NOSCRIPT, then EVAL, which loads it again.
            #expect(try await store.increment(key, by: 2, ttlSeconds: 60) == 2)
            #expect(try await store.command("SCRIPT", "EXISTS", script.sha1) == .array([.integer(1)]))
            let before = try await Self.evalshaCalls(store)
            #expect(try await store.increment(key, by: 3, ttlSeconds: 60) == 5)
            #expect(try await Self.evalshaCalls(store) > before)
            try await store.delete(key)
        }
    }

    /// How many `EVALSHA` calls Redis has served (`INFO commandstats`).
    private static func evalshaCalls(_ store: RedisCacheStore) async throws -> Int {
        guard case .bulk(let info) = try await store.command("INFO", "commandstats"),
            let line = String(decoding: info, as: UTF8.self).split(whereSeparator: \.isNewline)
                .first(where: { $0.hasPrefix("cmdstat_evalsha:calls=") }),
            let calls = Int(line.dropFirst("cmdstat_evalsha:calls=".count).prefix { $0.isNumber })
        else { return 0 }
        return calls
    }

    @Test func closedStoreFails() async throws {
        let store = try CacheTestRedis.store()
        try await store.ping()
        await store.close()
        await #expect(throws: CacheError.closed) { try await store.ping() }
    }
}
