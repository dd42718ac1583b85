import Foundation
import Kernel
import TestSupport
import Testing

/// A JSON-RPC call is bounded like an HTTP request (`http.request_timeout_seconds`): one stuck
/// on the database answers -32053 instead of holding up the session, and the session works
/// again once the database does (found by a QA pass: a call waited 70–130 s for an unreachable
/// PostgreSQL, and every line behind it with it).
@Suite("JSON-RPC call timeout")
struct RPCCallTimeoutTests {
    @Test(.enabled(if: TestEnvironment.backends.contains(.postgres)), .timeLimit(.minutes(1)))
    func aCallStuckOnTheDatabaseAnswersUnavailable() async throws {
        let shortTimeout: @Sendable (inout AppConfig) throws -> Void = { $0.http.requestTimeoutSeconds = 1 }
        try await Shop.with(.postgres, configure: shortTimeout) { shop in
            let product = try await shop.product(price: 900)
            let database = shop.app.runtime.database
            let locked = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await database.transaction { tx in
                    try await tx.raw("LOCK TABLE products IN ACCESS EXCLUSIVE MODE").run()
                    locked.continuation.yield()
                    try await Task.sleep(for: .seconds(4))
                }
            }
            var signals = locked.stream.makeAsyncIterator()
            _ = await signals.next()

            let session = shop.app.rpcSession()
            let line = #"{"jsonrpc":"2.0","id":1,"method":"catalog.products.get","params":{"prod_id":\#(product)}}"#
            let start = ContinuousClock.now
            let answer = try JSONParser.parse(Array((await session.handle(line: line) ?? "").utf8))
            let waited = ContinuousClock.now - start
            #expect(answer["error"]?["code"] == -32053, "\(answer)")
            #expect(waited >= .milliseconds(900) && waited < .seconds(3), "\(waited)")

            try await holder.value
            let again = try JSONParser.parse(Array((await session.handle(line: line) ?? "").utf8))
            #expect(again["result"]?["id"] == .int(Int64(product)), "\(again)")
        }
    }
}
