import Foundation
import Kernel
import TestSupport
import Testing

/// `GET /metrics`: Prometheus text fed by swift-metrics. Tests share the process's registry,
/// so they assert on deltas or on labels only they use.
@Suite("Metrics")
struct MetricsTests {
    func withNotes(_ body: @Sendable (TestApp) async throws -> Void) async throws {
        try await TestApp.with(.sqlite, modules: ["notes"], registry: NotesModule.registry, body)
    }

    func scrape(_ app: TestApp) async throws -> MetricsScrape {
        let response = try await app.http(.get, "/metrics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        return MetricsScrape(response.text)
    }

    @Test func countsRequestsPerRouteTemplateAndStatus() async throws {
        try await withNotes { app in
            let requests = "ecom_http_requests_total"
            let read = ["method": "GET", "route": "/notes/{note_id}", "status": "200"]
            let missing = ["route": "unmatched", "status": "404"]
            let invalid = ["method": "GET", "route": "/notes", "status": "422"]
            let before = try await scrape(app)
            let created = try await app.http(.post, "/notes", json: ["body": "metered"])
            guard case .int(let id)? = created.json["id"] else { throw TestSetupError("no id in \(created.text)") }
            #expect(try await app.http(.get, "/notes/\(id)").status == 200)
            #expect(try await app.http(.get, "/no-such-\(UUID().uuidString)").status == 404)
            #expect(try await app.http(.get, "/notes?limit=101").status == 422)
            let after = try await scrape(app)
            #expect(after.value(requests, read) - before.value(requests, read) >= 1)
            #expect(after.value(requests, missing) - before.value(requests, missing) >= 1)
            #expect(after.value(requests, invalid) - before.value(requests, invalid) >= 1)
            #expect(!after.contains(requests, ["route": "/notes/\(id)"]))
            let histogram = "ecom_http_request_duration_seconds"
            #expect(after.contains(histogram + "_bucket", read.merging(["le": "+Inf"]) { $1 }))
            #expect(after.value(histogram + "_count", read) >= after.value(requests, read))
            #expect(after.contains(histogram + "_sum", invalid))
            #expect(after.contains("ecom_db_in_flight", ["scope": "statement"]))
        }
    }

    @Test func countsCacheHitsAndMissesPerNamespace() async throws {
        try await withNotes { app in
            let name = "metrics.\(UUID().uuidString.prefix(8).lowercased())"
            let cache = app.runtime.cache.namespace(CacheNamespace(name, ttlSeconds: 60))
            #expect(await cache.get("k") == nil)
            await cache.set("k", Array("v".utf8))
            #expect(await cache.get("k") == Array("v".utf8))
            _ = await cache.getOrLoad("other") { Array("w".utf8) }
            let metrics = try await scrape(app)
            #expect(metrics.value("ecom_cache_requests_total", ["namespace": name, "result": "hit"]) == 1)
            #expect(metrics.value("ecom_cache_requests_total", ["namespace": name, "result": "miss"]) == 2)
        }
    }
}
