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
    /// Atomically adds one to the integer at `key` (0 when absent) and returns the new value;
    /// a newly created counter expires after `ttlSeconds` when given.
    func increment(_ key: String, ttlSeconds: Int?) async throws -> Int
    /// Checks the store answers.
    func ping() async throws
    /// Releases connections.
    func close() async
}
