/// A cache namespace a module declares: a name, how long entries live, and what invalidates it
/// (documentation for operators; invalidation itself is a call on the namespace handle).
public struct CacheNamespace: Sendable, Equatable {
    public var name: String
    public var ttlSeconds: Int
    public var invalidatedBy: [String]

    public init(_ name: String, ttlSeconds: Int, invalidatedBy: [String] = []) {
        self.name = name
        self.ttlSeconds = ttlSeconds
        self.invalidatedBy = invalidatedBy
    }
}
