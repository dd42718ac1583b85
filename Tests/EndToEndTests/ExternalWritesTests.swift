import Foundation
import Kernel
import TestSupport
import Testing

/// On the embedded default (a SQLite file, the in-process cache), another process writing to
/// the file — `ecom rpc` beside `ecom serve`, as a script would — is seen by the server within
/// a second or two, not after the cache's lifetime (found by a QA pass: listing and detail
/// stayed stale for 120 s, the original's weakness 23).
@Suite("writes from another process")
struct ExternalWritesTests {
    @Test(.timeLimit(.minutes(1)))
    func aPriceChangedByAnotherProcessIsServedWithinSeconds() async throws {
        let (path, directory) = try EcomProcess.writeConfig(
            EcomProcess.config(databaseURL: "sqlite:$DIR/var/ecom.sqlite", cacheURL: "memory://"))
        defer { try? FileManager.default.removeItem(at: directory) }
        try EcomProcess.createSuperuser(config: path, email: "admin@example.com", password: "correct horse battery")
        let server = try await ServerProcess(config: path)
        let admin = try await server.login("admin@example.com", password: "correct horse battery")
        let created = try await server.call(
            "POST", "/admin/products",
            json: ["sku": "ext-1", "name": "External", "slug": "ext-1", "price_cents": 1_000],
            token: admin)
        let id = try #require(created.int("id"), "\(created.json)")
        let listing = "/products?q=external"
        /// The price in the listing's only item.
        func listedPrice(_ answer: HTTPAnswer) -> JSONValue? {
            guard case .array(let items)? = answer.json["items"], items.count == 1 else { return nil }
            return items[0]["price_cents"]
        }
        for _ in 0..<2 {
            #expect(try await server.call("GET", "/products/\(id)").int("price_cents") == 1_000)
            #expect(listedPrice(try await server.call("GET", listing)) == 1_000)
        }

        let update =
            #"{"jsonrpc":"2.0","id":1,"method":"catalog.products.update","params":{"prod_id":\#(id),"price_cents":777}}"#
        let outcome = try EcomProcess.run(["rpc", "--config", path, "--token", admin], input: update + "\n")
        #expect(outcome.status == 0 && outcome.stdout.contains(#""price_cents":777"#), "\(outcome.stdout)")

        var seen = (detail: 0, listing: 0)
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(5), seen != (777, 777) {
            try await Task.sleep(for: .milliseconds(200))
            seen.detail = try await server.call("GET", "/products/\(id)").int("price_cents") ?? 0
            if case .int(let price)? = listedPrice(try await server.call("GET", listing)) {
                seen.listing = Int(price)
            }
        }
        #expect(seen == (777, 777), "still served after 5 s: \(seen)")
        #expect(try await server.stop() == 0)
    }
}
