/// A cache namespace a module declares: a name, how long entries live, and what invalidates it
/// (documentation for operators; invalidation itself is a call on the namespace handle).
public struct CacheNamespace: Sendable, Equatable {
    public var name: String
    public var ttlSeconds: Int
    public var invalidatedBy: [String]
    /// Whether entries can also be dropped one by one (`NamespacedCache.invalidate(keys:)`):
    /// each entry then has its own generation counter, read with the namespace's in the same
    /// round trip.
    public var invalidatedPerKey: Bool

    public init(_ name: String, ttlSeconds: Int, invalidatedBy: [String] = [], invalidatedPerKey: Bool = false) {
        self.name = name
        self.ttlSeconds = ttlSeconds
        self.invalidatedBy = invalidatedBy
        self.invalidatedPerKey = invalidatedPerKey
    }
}
