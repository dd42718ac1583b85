/// The key-value store under the cache: Redis in production, process memory by default.
/// Implementations may throw on any failure; `Cache` turns failures into misses.
///
/// ```swift
/// let store: any CacheStore = MemoryCacheStore()
/// try await store.set("k", Array("v".utf8), ttlSeconds: 60)
/// ```
public protocol CacheStore: Sendable {
    /// The value at `key`, or nil when absent or expired.
    func get(_ key: String) async throws -> [UInt8]?
    /// Stores `value` at `key` for `ttlSeconds`.
    func set(_ key: String, _ value: [UInt8], ttlSeconds: Int) async throws
    /// Removes `key`.
    func delete(_ key: String) async throws
    /// Atomically adds `delta` (which may be negative) to the integer at `key` (0 when absent)
    /// and returns the new value; a newly created counter expires after `ttlSeconds` when given.
    func increment(_ key: String, by delta: Int, ttlSeconds: Int?) async throws -> Int
    /// Moves the generation counter at `key` to a value it has never held: above its current
    /// value and above every value `clock` handed out before (the store's clock is raised to
    /// it); with `ttlSeconds`, the counter then expires after that long. However often a
    /// counter expires, is evicted or is advanced concurrently, it never comes back to a value
    /// an older entry was stored under. Returns the new value.
    func advance(_ key: String, clock: String, ttlSeconds: Int?) async throws -> Int
    /// The entry's generation and the entry stored under it, read together: one round trip on
    /// Redis, where a cache hit is otherwise two or three. The generation is the counter at
    /// `counterKey` (0 when absent), then, when the entry has its own counter, `.` and that
    /// counter (`"7"`, `"7.2"`): bumping either makes every older entry unreachable.
    func getGenerational(_ counterKey: String, entry: GenerationalKey) async throws -> (
        generation: String, value: [UInt8]?
    )
    /// Stores `value` as the entry `entry` of `generation` for `ttlSeconds` (below one second:
    /// deletes it), for `getGenerational` to read.
    func setGenerational(_ entry: GenerationalKey, generation: String, _ value: [UInt8], ttlSeconds: Int)
        async throws
    /// Checks the store answers.
    func ping() async throws
    /// Releases connections.
    func close() async
}

extension CacheStore {
    /// Atomically adds one to the integer at `key` (see `increment(_:by:ttlSeconds:)`).
    public func increment(_ key: String, ttlSeconds: Int?) async throws -> Int {
        try await increment(key, by: 1, ttlSeconds: ttlSeconds)
    }
}

/// An entry key with its generation in the middle: `prefix + generation + suffix`. Split this
/// way so a store can build the key next to the data once it has read the counters.
public struct GenerationalKey: Sendable, Equatable {
    /// The key up to the generation.
    public var prefix: String
    /// The key after the generation.
    public var suffix: String
    /// The entry's own generation counter, in namespaces invalidated key by key; nil otherwise.
    public var counter: String?

    public init(prefix: String, suffix: String, counter: String? = nil) {
        self.prefix = prefix
        self.suffix = suffix
        self.counter = counter
    }

    /// The key without its generation: the same for every generation.
    public var unversioned: String { prefix + suffix }

    /// The full key for `generation`.
    public func key(_ generation: String) -> String {
        prefix + generation + suffix
    }
}

extension CacheStore {
    /// Two or three reads: fine for a store in process memory.
    public func getGenerational(_ counterKey: String, entry: GenerationalKey) async throws -> (
        generation: String, value: [UInt8]?
    ) {
        let generation = try await generation(counterKey, of: entry)
        return (generation, try await get(entry.key(generation)))
    }

    /// The generation `entry` is read and written under, from plain reads of its counters.
    func generation(_ counterKey: String, of entry: GenerationalKey) async throws -> String {
        let generation = String(try CacheKeys.parseGeneration(try await get(counterKey)))
        guard let counter = entry.counter else { return generation }
        return "\(generation).\(try CacheKeys.parseGeneration(try await get(counter)))"
    }

    /// A plain `set` of the entry's key.
    public func setGenerational(
        _ entry: GenerationalKey, generation: String, _ value: [UInt8], ttlSeconds: Int
    ) async throws {
        try await set(entry.key(generation), value, ttlSeconds: ttlSeconds)
    }
}

extension CacheStore {
    /// Advances `namespace`'s generation on the generation clock: every entry of the namespace
    /// becomes unreachable, in every process sharing the store.
    func advanceGeneration(of namespace: String) async throws {
        _ = try await advance(CacheKeys.generation(namespace), clock: CacheKeys.generationClock, ttlSeconds: nil)
    }

    /// Advances the own generation of `key` in `namespace` (a namespace invalidated key by key)
    /// on the generation clock; the counter expires after `ttlSeconds`.
    func advanceGeneration(of namespace: String, key: String, ttlSeconds: Int) async throws {
        _ = try await advance(
            CacheKeys.keyGeneration(namespace, key: key), clock: CacheKeys.generationClock, ttlSeconds: ttlSeconds)
    }
}
