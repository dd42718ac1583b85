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

    /// One failed login: an attempt taken and kept.
    func fail(_ throttle: LoginThrottle, _ email: String, client: String?) async throws {
        await throttle.failed(try await throttle.begin(email: email, client: client))
    }

    @Test(arguments: caches)
    func locksAnEmailOutAfterTheLimit(cache: String) async throws {
        let throttle = try throttle(cache)
        let email = unique("mail") + "@example.com"
        for _ in 0..<3 { try await fail(throttle, email, client: nil) }
        let error = await #expect(throws: AppError.self) { try await throttle.begin(email: email, client: nil) }
        #expect(error?.status == 429)
        let retryAfter = error?.headers.first { $0.name == "Retry-After" }.flatMap { Int($0.value) }
        #expect((1...60).contains(retryAfter ?? 0))
        // Other addresses are unaffected.
        _ = try await throttle.begin(email: unique("other") + "@example.com", client: nil)
    }

    /// Forty logins for one address at once: only as many as the limit get to check a
    /// password, however the requests interleave; the rest are refused before any bcrypt work.
    @Test(arguments: caches)
    func parallelAttemptsCannotPassTheLimit(cache: String) async throws {
        let throttle = try throttle(cache)
        let email = unique("burst") + "@example.com"
        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    do {
                        _ = try await throttle.begin(email: email, client: nil)
                        return true
                    } catch let error as AppError where error.status == 429 {
                        return false
                    }
                }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(admitted == 3)
    }

    /// A successful login gives its attempt back: signing in often is not guessing.
    @Test(arguments: caches)
    func successfulLoginsDoNotCount(cache: String) async throws {
        let throttle = try throttle(cache)
        let email = unique("often") + "@example.com"
        for _ in 0..<10 { await throttle.succeeded(try await throttle.begin(email: email, client: nil)) }
        try await fail(throttle, email, client: nil)
        try await fail(throttle, email, client: nil)
        await throttle.succeeded(try await throttle.begin(email: email, client: nil))
    }

    @Test(arguments: caches)
    func locksAClientOutAcrossEmails(cache: String) async throws {
        let throttle = try throttle(cache)
        let client = unique("10.0.0")
        for index in 0..<5 { try await fail(throttle, unique("user\(index)") + "@example.com", client: client) }
        await #expect(throws: AppError.self) {
            try await throttle.begin(email: unique("fresh") + "@example.com", client: client)
        }
        _ = try await throttle.begin(email: unique("fresh") + "@example.com", client: unique("10.0.1"))
    }

    /// A JSON-RPC caller has no address: only the per-email limit applies to it.
    @Test func aCallerWithoutAnAddressIsNotThrottledAsAClient() async throws {
        let throttle = try throttle("memory://", perEmail: 100, perClient: 2)
        for index in 0..<5 { try await fail(throttle, "user\(index)@example.com", client: nil) }
        _ = try await throttle.begin(email: "new@example.com", client: nil)
    }

    @Test func lockoutEndsWithTheWindow() async throws {
        let throttle = try throttle("memory://", perEmail: 1, window: 1)
        try await fail(throttle, "a@example.com", client: nil)
        await #expect(throws: AppError.self) { try await throttle.begin(email: "a@example.com", client: nil) }
        try await Task.sleep(for: .milliseconds(1_300))
        _ = try await throttle.begin(email: "a@example.com", client: nil)
    }

    @Test func aCacheOutageFailsOpen() async throws {
        var config = AuthConfig()
        config.loginMaxFailuresPerEmail = 1
        let cache = Cache(store: FailingStore(), backendName: "failing", logger: Logger(label: "test"))
        let throttle = LoginThrottle(cache: cache, config: config)
        try await fail(throttle, "a@example.com", client: "1.2.3.4")
        try await fail(throttle, "a@example.com", client: "1.2.3.4")
        _ = try await throttle.begin(email: "a@example.com", client: "1.2.3.4")
    }
}

/// A cache store that is down.
private struct FailingStore: CacheStore {
    struct Down: Error {}
    func get(_ key: String) async throws -> [UInt8]? { throw Down() }
    func set(_ key: String, _ value: [UInt8], ttlSeconds: Int) async throws { throw Down() }
    func delete(_ key: String) async throws { throw Down() }
    func increment(_ key: String, by delta: Int, ttlSeconds: Int?) async throws -> Int { throw Down() }
    func advance(_ key: String, clock: String, ttlSeconds: Int?) async throws -> Int { throw Down() }
    func ping() async throws { throw Down() }
    func close() async {}
}
