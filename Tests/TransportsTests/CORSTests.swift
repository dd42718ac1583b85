import Kernel
import TestSupport
import Testing

/// CORS as the original's Starlette middleware answers it.
@Suite("CORS")
struct CORSTests {
    @Sendable static func shopOnly(_ config: inout AppConfig) { config.http.corsOrigins = ["https://shop.example"] }

    static let preflight = ["Origin": "https://shop.example", "Access-Control-Request-Method": "POST"]

    @Test func anyOriginByDefault() async throws {
        try await TestApp.with(.sqlite, modules: ["notes"], registry: NotesModule.registry) { app in
            let simple = try await app.http(.get, "/notes", headers: ["Origin": "https://shop.example"])
            #expect(simple.header("Access-Control-Allow-Origin") == "*")
            let preflight = try await app.http(.options, "/notes", headers: Self.preflight)
            #expect(preflight.status == 200 && preflight.text == "OK")
            #expect(preflight.header("Access-Control-Allow-Origin") == "*")
            #expect(preflight.header("Access-Control-Allow-Methods") == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
            #expect(preflight.header("Access-Control-Max-Age") == "600")
        }
    }

    /// With listed origins, every answer varies by `Origin` (a shared cache must not give one
    /// origin's copy to another), and a preflight from another origin is refused.
    @Test func listedOrigins() async throws {
        try await TestApp.with(
            .sqlite, modules: ["notes"], registry: NotesModule.registry, configure: Self.shopOnly
        ) { app in
            let allowed = try await app.http(.get, "/notes", headers: ["Origin": "https://shop.example"])
            #expect(allowed.header("Access-Control-Allow-Origin") == "https://shop.example")
            #expect(allowed.header("Vary") == "Origin")
            let other = try await app.http(.get, "/notes", headers: ["Origin": "https://evil.example"])
            #expect(other.header("Access-Control-Allow-Origin") == nil)
            #expect(other.header("Vary") == "Origin")
            #expect(try await app.http(.get, "/notes").header("Vary") == "Origin")
            let ok = try await app.http(.options, "/notes", headers: Self.preflight)
            #expect(ok.status == 200 && ok.header("Access-Control-Allow-Origin") == "https://shop.example")
            var foreign = Self.preflight
            foreign["Origin"] = "https://evil.example"
            let refused = try await app.http(.options, "/notes", headers: foreign)
            #expect(refused.status == 400 && refused.text == "Disallowed CORS origin")
            #expect(refused.header("Access-Control-Allow-Origin") == nil)
        }
    }
}
