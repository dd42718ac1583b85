import Synchronization

/// An in-process `CacheStore`: the embedded default when no Redis is configured. Thread-safe,
/// with TTL expiry and at most `maxEntries` entries; when full it drops expired entries first,
/// then the least recently written. Counters behave like Redis (decimal text values) but are
/// kept apart and never dropped to make room: anyone can fill the cache (a listing per query
/// string), and that must not reset a login throttle's count or an invalidation counter.
/// Counters with a TTL go when it runs out.
///
/// ```swift
/// let store = MemoryCacheStore(maxEntries: 1_000)
/// ```
public final class MemoryCacheStore: CacheStore {
    /// The most entries kept at once.
    public let maxEntries: Int
    private let storage: Mutex<MemoryCacheStorage>

    /// A store holding at most `maxEntries` (at least one).
    public init(maxEntries: Int = 10_000) {
        self.maxEntries = max(1, maxEntries)
        self.storage = Mutex(MemoryCacheStorage())
    }

    /// The live value at `key`.
    public func get(_ key: String) async throws -> [UInt8]? {
        let now = ContinuousClock.now
        return storage.withLock { $0.value(key, now: now) }
    }

    /// Stores `value` for `ttlSeconds`; a ttl below one second deletes the key instead.
    public func set(_ key: String, _ value: [UInt8], ttlSeconds: Int) async throws {
        let now = ContinuousClock.now
        let maxEntries = self.maxEntries
        storage.withLock { storage in
            guard ttlSeconds > 0 else { return storage.remove(key) }
            storage.put(key, value, expiresAt: now + .seconds(ttlSeconds), now: now, maxEntries: maxEntries)
        }
    }

    /// Removes `key`.
    public func delete(_ key: String) async throws {
        storage.withLock { $0.remove(key) }
    }

    /// Adds `delta` to the counter at `key`; throws `CacheError.server` when the value is not an
    /// integer or the sum overflows, as Redis does.
    public func increment(_ key: String, by delta: Int, ttlSeconds: Int?) async throws -> Int {
        let now = ContinuousClock.now
        return try storage.withLock { storage in
            let current = storage.entry(key, now: now)
            let text = current.map { String(decoding: $0.value, as: UTF8.self) } ?? "0"
            guard let value = Int(text), case (let next, false) = value.addingReportingOverflow(delta)
            else { throw CacheError.server("ERR value is not an integer or out of range") }
            let expiry = current == nil ? ttlSeconds.flatMap { $0 > 0 ? now + .seconds($0) : nil } : current?.expiresAt
            storage.putCounter(key, Array(String(next).utf8), expiresAt: expiry, now: now)
            return next
        }
    }

    /// Sets the counter at `key` to the store's next clock value, or above the counter's own
    /// value if that is larger. `clock` names Redis's clock key; this store has one of its own.
    public func advance(_ key: String, clock: String, ttlSeconds: Int?) async throws -> Int {
        let now = ContinuousClock.now
        return storage.withLock { storage in
            let current = storage.value(key, now: now).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
            storage.clock = max(storage.clock, current) + 1
            let expiry = ttlSeconds.flatMap { $0 > 0 ? now + .seconds($0) : nil }
            storage.putCounter(key, Array(String(storage.clock).utf8), expiresAt: expiry, now: now)
            return storage.clock
        }
    }

    /// Always answers.
    public func ping() async throws {}

    /// Drops every entry.
    public func close() async {
        storage.withLock { $0 = MemoryCacheStorage() }
    }

    /// The number of entries held, expired or not, counters aside (for tests and metrics).
    var count: Int { storage.withLock { $0.entries.count } }

    /// The number of counters held, expired or not (for tests).
    var counterCount: Int { storage.withLock { $0.counters.count } }
}

/// The state behind `MemoryCacheStore`: entries with their expiry, at most `maxEntries` of them,
/// and counters, never evicted. A key is in one or the other, wherever it was last written.
struct MemoryCacheStorage: Sendable {
    struct Entry: Sendable {
        var value: [UInt8]
        var expiresAt: ContinuousClock.Instant?
    }

    var entries = OldestFirstDictionary<Entry>()
    /// A full sweep for expired entries runs at most once a second, so a full store of live
    /// entries does not pay O(n) on every write.
    var nextSweep: ContinuousClock.Instant?
    /// The last value `advance` handed out.
    var clock = 0
    /// Values written by `increment` and `advance`: outside the entries' budget.
    var counters: [String: Entry] = [:]
    /// Expired counters are swept at most once a second, and only once there are many.
    var nextCounterSweep: ContinuousClock.Instant?
    static let countersBeforeSweeping = 1_024

    mutating func entry(_ key: String, now: ContinuousClock.Instant) -> Entry? {
        if let entry = entries[key] {
            guard let expiresAt = entry.expiresAt, expiresAt <= now else { return entry }
            entries.remove(key)
            return nil
        }
        guard let counter = counters[key] else { return nil }
        if let expiresAt = counter.expiresAt, expiresAt <= now {
            counters[key] = nil
            return nil
        }
        return counter
    }

    mutating func value(_ key: String, now: ContinuousClock.Instant) -> [UInt8]? {
        entry(key, now: now)?.value
    }

    mutating func remove(_ key: String) {
        entries.remove(key)
        counters[key] = nil
    }

    /// Stores a counter (moving it out of the entries if it was written there).
    mutating func putCounter(
        _ key: String, _ value: [UInt8], expiresAt: ContinuousClock.Instant?, now: ContinuousClock.Instant
    ) {
        entries.remove(key)
        if counters[key] == nil, counters.count >= Self.countersBeforeSweeping,
            nextCounterSweep.map({ $0 <= now }) ?? true
        {
            counters = counters.filter { $0.value.expiresAt.map { $0 > now } ?? true }
            nextCounterSweep = now + .seconds(1)
        }
        counters[key] = Entry(value: value, expiresAt: expiresAt)
    }

    /// Stores the entry; a new key in a full store first drops the expired entries (at most
    /// once a second), then the least recently written.
    mutating func put(
        _ key: String, _ value: [UInt8], expiresAt: ContinuousClock.Instant?, now: ContinuousClock.Instant,
        maxEntries: Int
    ) {
        counters[key] = nil
        if entries[key] == nil, entries.count >= maxEntries, nextSweep.map({ $0 <= now }) ?? true {
            entries.removeAll { $0.expiresAt.map { $0 <= now } ?? false }
            nextSweep = now + .seconds(1)
        }
        entries.put(key, Entry(value: value, expiresAt: expiresAt), cost: 1, budget: maxEntries)
    }
}
