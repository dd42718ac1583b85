import NIOCore

/// A dictionary bounded by the total cost of its values that makes room by dropping the oldest
/// writes first: what both in-process caches keep (`MemoryCacheStore` counts entries,
/// `NearCache` counts bytes). `order` lists writes oldest first; a record whose sequence number
/// no longer matches its entry was overwritten or removed and is skipped.
///
/// ```swift
/// var recent = OldestFirstDictionary<[UInt8]>()
/// recent.put("a", [1], cost: 1, budget: 2)
/// ```
struct OldestFirstDictionary<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var value: Value
        var cost: Int
        var sequence: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var order = CircularBuffer<(key: String, sequence: UInt64)>()
    private var nextSequence: UInt64 = 0
    /// The sum of the costs of the values held.
    private(set) var totalCost = 0

    /// The number of values held.
    var count: Int { entries.count }

    subscript(key: String) -> Value? { entries[key]?.value }

    /// Stores `value` at `key`, first dropping the oldest writes until `cost` fits in `budget`.
    mutating func put(_ key: String, _ value: Value, cost: Int, budget: Int) {
        remove(key)
        while totalCost + cost > budget, let oldest = order.popFirst() {
            if entries[oldest.key]?.sequence == oldest.sequence { remove(oldest.key) }
        }
        nextSequence += 1
        entries[key] = Entry(value: value, cost: cost, sequence: nextSequence)
        totalCost += cost
        order.append((key, nextSequence))
        // Drop stale records so `order` stays proportional to the entries.
        if order.count > 2 * entries.count + 16 {
            order = CircularBuffer(order.filter { entries[$0.key]?.sequence == $0.sequence })
        }
    }

    mutating func remove(_ key: String) {
        if let entry = entries.removeValue(forKey: key) { totalCost -= entry.cost }
    }

    /// Removes every value for which `isGone` is true.
    mutating func removeAll(where isGone: (Value) -> Bool) {
        for key in entries.filter({ isGone($0.value.value) }).keys { remove(key) }
    }
}
