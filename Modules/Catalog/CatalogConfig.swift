import Kernel

/// The `catalog:` section of the config file:
///
/// ```yaml
/// catalog:
///   listing_cache_ttl_seconds: 120   # 0 turns the catalog cache off; at most 86400
/// ```
///
/// The TTL applies to everything Catalog caches (listings, details, similar products, brand
/// and category lists); writes invalidate at once, so it only bounds how long an entry
/// lingers after an invalidation that could not reach the cache.
public struct CatalogConfig: Decodable, Sendable {
    /// Seconds a cached catalog response lives.
    public var listingCacheTTLSeconds = 120

    enum CodingKeys: String, CodingKey, CaseIterable {
        case listingCacheTTLSeconds = "listing_cache_ttl_seconds"
    }

    /// The defaults.
    public init() {}

    /// Reads the section; unknown keys and a TTL outside 0…86400 are errors naming the key.
    public init(from decoder: any Decoder) throws {
        try ModuleConfigKeys.rejectUnknown(in: decoder, known: CodingKeys.allCases.map(\.rawValue), module: "catalog")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listingCacheTTLSeconds = try c.decode(
            Int.self, forKey: .listingCacheTTLSeconds, default: listingCacheTTLSeconds, in: 0...86_400)
    }
}
