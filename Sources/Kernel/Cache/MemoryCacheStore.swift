import NIOCore
import Synchronization

/// An in-process `CacheStore`: the embedded default when no Redis is configured. Thread-safe,
/// with TTL expiry and at most `maxEntries` entries; when full it drops expired entries first,
/// then the least recently written. Counters behave like Redis (decimal text values).
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

    /// Adds one to the counter at `key`; throws `CacheError.server` when the value is not an
    /// integer, as Redis does.
    public func increment(_ key: String, ttlSeconds: Int?) async throws -> Int {
        let now = ContinuousClock.now
        let maxEntries = self.maxEntries
        return try storage.withLock { storage in
            let current = storage.entry(key, now: now)
            let text = current.map { String(decoding: $0.value, as: UTF8.self) } ?? "0"
            guard let value = Int(text), value < Int.max
            else { throw CacheError.server("ERR value is not an integer or out of range") }
            let next = value + 1
            let expiry = current == nil ? ttlSeconds.flatMap { $0 > 0 ? now + .seconds($0) : nil } : current?.expiresAt
            storage.put(key, Array(String(next).utf8), expiresAt: expiry, now: now, maxEntries: maxEntries)
            return next
        }
    }

    /// Always answers.
    public func ping() async throws {}

    /// Drops every entry.
    public func close() async {
        storage.withLock { $0 = MemoryCacheStorage() }
    }

    /// The number of entries held, expired or not (for tests and metrics).
    var count: Int { storage.withLock { $0.entries.count } }
}

/// The state behind `MemoryCacheStore`. `order` lists writes oldest first; a record whose
/// sequence number no longer matches its entry is stale (overwritten or removed) and skipped.
struct MemoryCacheStorage: Sendable {
    struct Entry: Sendable {
        var value: [UInt8]
        var expiresAt: ContinuousClock.Instant?
        var sequence: UInt64
    }

    struct Write: Sendable {
        var key: String
        var sequence: UInt64
    }

    var entries: [String: Entry] = [:]
    var order = CircularBuffer<Write>()
    var nextSequence: UInt64 = 0
    /// A full sweep for expired entries runs at most once a second, so a full store of live
    /// entries does not pay O(n) on every write.
    var nextSweep: ContinuousClock.Instant?

    mutating func entry(_ key: String, now: ContinuousClock.Instant) -> Entry? {
        guard let entry = entries[key] else { return nil }
        if let expiresAt = entry.expiresAt, expiresAt <= now {
            entries[key] = nil
            return nil
        }
        return entry
    }

    mutating func value(_ key: String, now: ContinuousClock.Instant) -> [UInt8]? {
        entry(key, now: now)?.value
    }

    mutating func remove(_ key: String) {
        entries[key] = nil
    }

    mutating func put(
        _ key: String, _ value: [UInt8], expiresAt: ContinuousClock.Instant?, now: ContinuousClock.Instant,
        maxEntries: Int
    ) {
        if entries[key] == nil, entries.count >= maxEntries { makeRoom(now: now, maxEntries: maxEntries) }
        nextSequence += 1
        entries[key] = Entry(value: value, expiresAt: expiresAt, sequence: nextSequence)
        order.append(Write(key: key, sequence: nextSequence))
        if order.count > 2 * maxEntries + 16 { compactOrder() }
    }

    private mutating func makeRoom(now: ContinuousClock.Instant, maxEntries: Int) {
        if nextSweep.map({ $0 <= now }) ?? true {
            entries = entries.filter { $0.value.expiresAt.map { $0 > now } ?? true }
            nextSweep = now + .seconds(1)
        }
        while entries.count >= maxEntries, let oldest = order.popFirst() {
            if entries[oldest.key]?.sequence == oldest.sequence { entries[oldest.key] = nil }
        }
    }

    /// Drops stale records so `order` stays proportional to `entries`.
    private mutating func compactOrder() {
        let live = order.filter { entries[$0.key]?.sequence == $0.sequence }
        order = CircularBuffer(live)
    }
}
