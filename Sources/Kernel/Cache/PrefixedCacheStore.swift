/// A store that prepends `prefix:` to every key, for deployments sharing one Redis.
struct PrefixedCacheStore: CacheStore {
    let base: any CacheStore
    let prefix: String

    private func key(_ key: String) -> String { "\(prefix):\(key)" }

    func get(_ key: String) async throws -> [UInt8]? { try await base.get(self.key(key)) }
    func set(_ key: String, _ value: [UInt8], ttlSeconds: Int) async throws {
        try await base.set(self.key(key), value, ttlSeconds: ttlSeconds)
    }
    func delete(_ key: String) async throws { try await base.delete(self.key(key)) }
    func increment(_ key: String, by delta: Int, ttlSeconds: Int?) async throws -> Int {
        try await base.increment(self.key(key), by: delta, ttlSeconds: ttlSeconds)
    }
    func advance(_ key: String, clock: String, ttlSeconds: Int?) async throws -> Int {
        try await base.advance(self.key(key), clock: self.key(clock), ttlSeconds: ttlSeconds)
    }
    func getGenerational(_ counterKey: String, entry: GenerationalKey) async throws -> (
        generation: String, value: [UInt8]?
    ) {
        try await base.getGenerational(key(counterKey), entry: prefixed(entry))
    }
    func setGenerational(_ entry: GenerationalKey, generation: String, _ value: [UInt8], ttlSeconds: Int)
        async throws
    {
        try await base.setGenerational(prefixed(entry), generation: generation, value, ttlSeconds: ttlSeconds)
    }
    private func prefixed(_ entry: GenerationalKey) -> GenerationalKey {
        GenerationalKey(prefix: key(entry.prefix), suffix: entry.suffix, counter: entry.counter.map(key))
    }
    func ping() async throws { try await base.ping() }
    func close() async { await base.close() }
}
