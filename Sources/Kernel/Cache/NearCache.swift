import Synchronization

/// Cache entries this process has already received from Redis, each with the random tag it
/// was stored under. A read sends the tag of its local copy and Redis answers "still current"
/// instead of the value when the entry of the current generation carries that tag, so a hit on
/// a large listing moves a few bytes over the network instead of the whole page. Tags are
/// random per write, so a local copy is only ever used when Redis holds exactly the same bytes
/// (whoever wrote them, whatever Redis restarted from); correctness never depends on what this
/// process remembers.
///
/// Bounded by `maxBytes` (values plus keys); when full, the oldest writes go first
/// (`OldestFirstDictionary`).
final class NearCache: Sendable {
    /// A local copy: the tag Redis stores in front of the value, and the value.
    struct Copy: Sendable {
        var tag: [UInt8]
        var value: [UInt8]
    }

    /// The bytes of tag that prefix every entry value in Redis.
    static let tagLength = 8

    /// The most bytes of keys and values held.
    let maxBytes: Int
    private let state = Mutex(OldestFirstDictionary<Copy>())

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// A new random tag.
    static func makeTag() -> [UInt8] {
        withUnsafeBytes(of: UInt64.random(in: .min ... .max).littleEndian) { Array($0) }
    }

    /// The local copy for `key`, if any.
    func copy(_ key: String) -> Copy? {
        state.withLock { $0[key] }
    }

    /// Keeps `value` (tagged `tag`) for `key`, unless it alone exceeds the budget.
    func keep(_ key: String, tag: [UInt8], value: [UInt8]) {
        let cost = Self.cost(key, value)
        guard cost <= maxBytes else { return remove(key) }
        state.withLock { $0.put(key, Copy(tag: tag, value: value), cost: cost, budget: maxBytes) }
    }

    /// Forgets `key`.
    func remove(_ key: String) {
        state.withLock { $0.remove(key) }
    }

    /// The bytes held (for tests).
    var bytes: Int { state.withLock { $0.totalCost } }

    private static func cost(_ key: String, _ value: [UInt8]) -> Int {
        key.utf8.count + value.count + tagLength + 64
    }
}
