/// The key layout in the store. User-provided parts are length-prefixed, so no character
/// inside a namespace or key (`:`, `|`, spaces, newlines, ...) can make two different
/// (namespace, generation, key) triples share a store key.
///
/// - `ecom:gen:<namespace>`: the namespace's generation counter (absent means 0). It has no
///   TTL; with `maxmemory`, use a `volatile-*` eviction policy so it is never evicted.
/// - `ecom:e:<len>:<namespace>:<generation>:<len>:<key>`: an entry. On Redis its value is an
///   8-byte random tag followed by the cached bytes (see `NearCache`); `ecom:c:` held untagged
///   values before, and is left to old processes during a rolling upgrade.
/// - `ecom:kgen:<len>:<namespace>:<len>:<key>`: the generation counter of one entry, in a
///   namespace invalidated key by key (`CacheNamespace.invalidatedPerKey`); its entries' keys
///   carry `<generation>.<key generation>`. It expires `keyCounterSeconds` after its last
///   advance, which is safe (an advanced counter never returns to an old value; see
///   `NamespacedCache.invalidate(keys:)` and `CacheStore.advance`).
/// - `ecom:n:<len>:<key>`: a counter from `Cache.counter`.
enum CacheKeys {
    static func generation(_ namespace: String) -> String {
        "ecom:gen:\(namespace)"
    }

    static func entry(_ namespace: String, generation: Int, key: String) -> String {
        entry(namespace, key: key).key(String(generation))
    }

    /// A variant (`NamespacedCache.getOrLoad`) is a further length-prefixed part of the key; the
    /// key's own counter is the same for every variant.
    static func entry(_ namespace: String, key: String, perKey: Bool = false, variant: String = "") -> GenerationalKey {
        let variantPart = variant.isEmpty ? "" : ":v\(variant.utf8.count):\(variant)"
        return GenerationalKey(
            prefix: "ecom:e:\(namespace.utf8.count):\(namespace):",
            suffix: ":\(key.utf8.count):\(key)" + variantPart,
            counter: perKey ? keyGeneration(namespace, key: key) : nil)
    }

    /// The clock generation counters are advanced from (`CacheStore.advance`).
    static let generationClock = "ecom:genclock"

    static func keyGeneration(_ namespace: String, key: String) -> String {
        "ecom:kgen:\(namespace.utf8.count):\(namespace):\(key.utf8.count):\(key)"
    }

    static func counter(_ key: String) -> String {
        "ecom:n:\(key.utf8.count):\(key)"
    }

    /// Checks a generation read back from the store: digits, with at most one `.` inside.
    static func parseGenerationToken(_ bytes: [UInt8]?) throws -> String {
        guard let bytes else { return "0" }
        let dots = bytes.count(where: { $0 == UInt8(ascii: ".") })
        guard !bytes.isEmpty, dots <= 1, bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: "."),
            bytes.allSatisfy({ $0 == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { throw CacheError.protocolError("generation is not a number") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a generation counter's stored value.
    static func parseGeneration(_ bytes: [UInt8]?) throws -> Int {
        guard let bytes else { return 0 }
        guard let generation = Int(String(decoding: bytes, as: UTF8.self)) else {
            throw CacheError.protocolError("namespace generation is not an integer")
        }
        return generation
    }
}
