import Foundation
import Kernel
import Logging
import TestSupport
import Testing

@testable import Auth

@Suite struct LoginThrottleTests {
    static var caches: [String] {
        TestEnvironment.backends.contains(.postgres) ? ["memory://", "redis"] : ["memory://"]
    }

    func throttle(_ url: String, perEmail: Int = 3, perClient: Int = 5, window: Int = 60) throws -> LoginThrottle {
        var config = AuthConfig()
        config.loginMaxFailuresPerEmail = perEmail
        config.loginMaxFailuresPerClient = perClient
        config.loginWindowSeconds = window
        let cacheURL = url == "redis" ? try TestEnvironment.requireServices().redis : url
        let cache = try Cache.make(url: cacheURL, logger: Logger(label: "test"), commandTimeout: .seconds(5))
        return LoginThrottle(cache: cache, config: config)
    }

    /// Unique per test so that runs sharing one Redis do not see each other's counters.
    func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.lowercased())" }

    @Test(arguments: caches)
    func locksAnEmailOutAfterTheLimit(cache: String) async throws {
        let throttle = try throttle(cache)
        let email = unique("mail") + "@example.com"
        for _ in 0..<3 {
            try await throttle.check(email: email, client: nil)
            await throttle.recordFailure(email: email, client: nil)
        }
        let error = await #expect(throws: AppError.self) { try await throttle.check(email: email, client: nil) }
        #expect(error?.status == 429)
        let retryAfter = error?.headers.first { $0.name == "Retry-After" }.flatMap { Int($0.value) }
        #expect((1...60).contains(retryAfter ?? 0))
        // Other addresses are unaffected.
        try await throttle.check(email: unique("other") + "@example.com", client: nil)
    }

    @Test(arguments: caches)
    func locksAClientOutAcrossEmails(cache: String) async throws {
        let throttle = try throttle(cache)
        let client = unique("10.0.0")
        for index in 0..<5 {
            let email = unique("user\(index)") + "@example.com"
            try await throttle.check(email: email, client: client)
            await throttle.recordFailure(email: email, client: client)
        }
        await #expect(throws: AppError.self) {
            try await throttle.check(email: unique("fresh") + "@example.com", client: client)
        }
        try await throttle.check(email: unique("fresh") + "@example.com", client: unique("10.0.1"))
    }

    @Test func stdioIsNotThrottledAsAClient() async throws {
        let throttle = try throttle("memory://", perEmail: 100, perClient: 2)
        for index in 0..<5 {
            await throttle.recordFailure(email: "user\(index)@example.com", client: "stdio")
        }
        try await throttle.check(email: "new@example.com", client: "stdio")
    }

    @Test func lockoutEndsWithTheWindow() async throws {
        let throttle = try throttle("memory://", perEmail: 1, window: 60)
        let start = Date()
        await throttle.recordFailure(email: "a@example.com", client: nil, now: start)
        await #expect(throws: AppError.self) {
            try await throttle.check(email: "a@example.com", client: nil, now: start.addingTimeInterval(59))
        }
        try await throttle.check(email: "a@example.com", client: nil, now: start.addingTimeInterval(60.5))
    }

    @Test func aCacheOutageFailsOpen() async throws {
        var config = AuthConfig()
        config.loginMaxFailuresPerEmail = 1
        let cache = Cache(store: FailingStore(), backendName: "failing", logger: Logger(label: "test"))
        let throttle = LoginThrottle(cache: cache, config: config)
        await throttle.recordFailure(email: "a@example.com", client: "1.2.3.4")
        try await throttle.check(email: "a@example.com", client: "1.2.3.4")
    }
}

/// A cache store that is down.
private struct FailingStore: CacheStore {
    struct Down: Error {}
    func get(_ key: String) async throws -> [UInt8]? { throw Down() }
    func set(_ key: String, _ value: [UInt8], ttlSeconds: Int) async throws { throw Down() }
    func delete(_ key: String) async throws { throw Down() }
    func increment(_ key: String, ttlSeconds: Int?) async throws -> Int { throw Down() }
    func advance(_ key: String, clock: String, ttlSeconds: Int?) async throws -> Int { throw Down() }
    func ping() async throws { throw Down() }
    func close() async {}
}
