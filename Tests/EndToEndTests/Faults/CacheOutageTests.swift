import Foundation
import Kernel
import TestSupport
import Testing

/// Redis stops under HTTP traffic on PostgreSQL: no request fails (the cache is bypassed),
/// `/healthz` says `degraded`, a write made during the outage is visible at once and stays
/// visible after Redis comes back with its old entries, and caching resumes without a restart.
///
/// Why nothing stale survives: an invalidation sent while Redis is down is lost, so the cache
/// bumps every namespace's generation when the connection comes back (entries of the old
/// generation are never read again and expire by TTL). The test makes the worst case real:
/// Redis reloads a snapshot taken *before* the write, holding the old product.
@Suite("Cache outage")
struct CacheOutageTests {
    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)))
    func redisStoppedMidTraffic() async throws {
        let redis = try await RedisServerProcess()
        let ownRedis: @Sendable (inout AppConfig) throws -> Void = { config in
            config.cache.url = redis.url
            config.cache.commandTimeoutMilliseconds = 300
        }
        try await Shop.with(.postgres, configure: ownRedis) { shop in
            let app = shop.app
            let product = try await shop.product(price: 1_000, stock: 1_000_000)
            let buyer = try await shop.customer()
            #expect(try await app.http(.get, "/products/\(product)").json["price_cents"] == 1_000)
            #expect(try await app.http(.get, "/products?limit=50").status == 200)
            #expect(redis.command("SAVE")?.hasPrefix("+OK") == true)  // the restart reloads these entries

            let traffic = Traffic { client, iteration in
                let path =
                    switch iteration % 3 {
                    case 0: "/products/\(product)"
                    case 1: "/products?limit=50&sort=price_asc"
                    default: "/categories"
                    }
                if client == 0 && iteration % 5 == 0 {
                    let order = try? await shop.order([(product, 1)], as: buyer, via: .http)
                    return order?.status ?? 0
                }
                return (try? await app.http(.get, path).status) ?? 0
            }
            try await Task.sleep(for: .milliseconds(300))
            redis.stop()
            try await Task.sleep(for: .milliseconds(300))

            let health = try await app.http(.get, "/healthz")
            #expect(health.status == 200)
            #expect(health.json["status"] == "degraded")
            #expect(health.json["services"]?["cache"] == "error")
            #expect(health.json["services"]?["redis"] == "error")
            let patched = try await app.http(
                .patch, "/admin/products/\(product)", json: ["price_cents": 2_500], token: shop.adminToken)
            #expect(patched.status == 200)
            #expect(try await app.http(.get, "/products/\(product)").json["price_cents"] == 2_500)
            try await Task.sleep(for: .milliseconds(500))

            #expect(try await redis.start())
            var healthy = false
            for _ in 0..<100 where !healthy {
                healthy = try await app.http(.get, "/healthz").json["status"] == "ok"
                if !healthy { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(healthy, "health did not return to ok after Redis came back")
            try await Task.sleep(for: .milliseconds(300))
            let statuses = await traffic.stop()

            #expect(statuses.count > 50, "too little traffic: \(statuses.count) requests")
            let failed = statuses.filter { !(200..<300).contains($0) }
            #expect(failed.isEmpty, "\(failed.count) of \(statuses.count) requests failed: \(Set(failed))")
            // Nothing from before the outage is served, though Redis holds it again.
            #expect(try await app.http(.get, "/products/\(product)").json["price_cents"] == 2_500)
            let listing = try await app.http(.get, "/products?limit=100").json["items"]
            let listed = listing?.arrayItems?.first { $0["id"] == .int(Int64(product)) }
            #expect(listed?["price_cents"] == 2_500)
            // Caching resumed: reading the detail again is a cache hit.
            let hits = ["namespace": "catalog.detail", "result": "hit"]
            let before = MetricsScrape(try await app.http(.get, "/metrics").text).value(
                "ecom_cache_requests_total", hits)
            _ = try await app.http(.get, "/products/\(product)")
            _ = try await app.http(.get, "/products/\(product)")
            let after = MetricsScrape(try await app.http(.get, "/metrics").text).value(
                "ecom_cache_requests_total", hits)
            #expect(after > before, "no cache hit after Redis came back")
        }
    }
}
