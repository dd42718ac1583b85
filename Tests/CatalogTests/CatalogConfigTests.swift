import Catalog
import Kernel
import Testing

@Suite("Catalog config")
struct CatalogConfigTests {
    func section(_ yaml: String) throws -> CatalogConfig {
        let config = try ConfigLoader.load(
            yaml: "modules: [catalog]\n\(yaml)", path: "catalog.yaml", environment: [:])
        return try config.section("catalog", as: CatalogConfig.self)
    }

    @Test func defaultsAndValues() throws {
        #expect(try section("").listingCacheTTLSeconds == 120)
        #expect(try section("catalog: { listing_cache_ttl_seconds: 30 }").listingCacheTTLSeconds == 30)
        #expect(try section("catalog: { listing_cache_ttl_seconds: 0 }").listingCacheTTLSeconds == 0)
    }

    @Test func mistakesNameTheKey() {
        #expect(throws: ConfigError.self) { try section("catalog: { listing_cache_ttl: 30 }") }
        #expect(throws: ConfigError.self) { try section("catalog: { listing_cache_ttl_seconds: -1 }") }
        do {
            _ = try section("catalog: { listing_cache_ttl: 30 }")
        } catch {
            #expect("\(error)".contains("listing_cache_ttl"), "\(error)")
        }
    }

    @Test func anOutOfRangeTTLNamesTheRange() {
        do {
            _ = try section("catalog: { listing_cache_ttl_seconds: 86401 }")
            Issue.record("accepted 86401")
        } catch {
            #expect(
                "\(error)".contains(
                    "`catalog.listing_cache_ttl_seconds` is invalid: must be between 0 and 86400, found 86401"),
                "\(error)")
        }
    }
}
