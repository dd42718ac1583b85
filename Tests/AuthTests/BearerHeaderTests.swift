import Kernel
import TestSupport
import Testing
import Transports

/// The `Authorization` header read as FastAPI 0.115's `OAuth2PasswordBearer` read it: split at
/// the first space, the rest taken as it is.
@Suite struct BearerHeaderTests {
    @Test(arguments: [
        ("Bearer abc", Credentials.bearer("abc")),
        ("bearer abc", .bearer("abc")),
        ("BEARER abc", .bearer("abc")),
        ("Bearer  abc", .bearer(" abc")),
        ("Bearer", .bearer("")),
        ("Bearer\tabc", .unsupportedScheme),
        ("Basic abc", .unsupportedScheme),
        ("", .none),
    ])
    func parsesTheHeader(header: String, expected: Credentials) {
        #expect(Credentials(authorizationHeader: header) == expected)
    }

    @Test(arguments: TestEnvironment.backends)
    func onlyOneSpaceSeparatesTheToken(backend: Backend) async throws {
        try await TestApp.auth(backend) { app in
            let token = try await app.signUp(Fixture.email())
            for (header, status, detail) in Self.cases(token) {
                let response = try await app.http(.get, "/users/me", headers: ["Authorization": header])
                #expect(response.status == status, "\(header)")
                if let detail {
                    #expect(response.json == ["detail": .string(detail)], "\(header)")
                    #expect(response.header("WWW-Authenticate") == "Bearer", "\(header)")
                }
            }
        }
    }

    /// The same over a real socket, where NIO parses the header.
    @Test func overASocket() async throws {
        try await TestApp.with(.sqlite, modules: ["auth"], transport: .live) { app in
            let token = try await app.signUp(Fixture.email())
            for (header, status, _) in Self.cases(token) {
                let response = try await app.http(.get, "/users/me", headers: ["Authorization": header])
                #expect(response.status == status, "\(header)")
            }
        }
    }

    static func cases(_ token: String) -> [(String, Int, String?)] {
        [
            ("Bearer \(token)", 200, nil),
            ("bearer \(token)", 200, nil),
            // HTTP drops the whitespace around a header value, as uvicorn did.
            ("Bearer \(token)  ", 200, nil),
            ("Bearer  \(token)", 401, "Could not validate credentials"),
            ("Bearer\t\(token)", 401, "Not authenticated"),
            ("Bearer   ", 401, "Could not validate credentials"),
        ]
    }
}
