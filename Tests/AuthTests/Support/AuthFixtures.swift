import Auth
import Foundation
import Kernel
import TestSupport
import Testing

/// Shared steps of the Auth integration tests.
enum Fixture {
    static let password = "correct horse battery"
    /// The secret `TestApp` configures (`auth.secret_key`), for hand-crafted tokens.
    static let secret = TestApp.secretKey

    /// A fresh address, so tests sharing one Redis never share throttle counters.
    static func email(_ name: String = "user") -> String {
        "\(name)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
    }

    /// Every backend the environment offers, with both transports.
    static var matrix: [(Backend, Via)] {
        TestEnvironment.backends.flatMap { backend in Via.allCases.map { (backend, $0) } }
    }
}

extension TestApp {
    /// Boots only the Auth module on `backend`.
    static func auth(_ backend: Backend, _ body: @Sendable (TestApp) async throws -> Void) async throws {
        try await TestApp.with(backend, modules: ["auth"], body)
    }

    var admin: UserAdministration {
        get throws { try runtime.services.require(UserAdministration.self) }
    }

    func register(_ email: String, _ password: String = Fixture.password, via: Via = .http) async throws -> Reply {
        try await call("auth.register", ["email": .string(email), "password": .string(password)], via: via)
    }

    func login(_ email: String, _ password: String = Fixture.password, via: Via = .http) async throws -> Reply {
        try await call("auth.login", ["username": .string(email), "password": .string(password)], via: via)
    }

    /// Registers `email` and returns a token for it.
    func signUp(_ email: String, superuser: Bool = false) async throws -> String {
        _ = try await admin.createUser(email: email, password: Fixture.password, superuser: superuser)
        let reply = try await login(email)
        return try #require(reply.string("access_token"), "login failed: \(reply)")
    }
}
