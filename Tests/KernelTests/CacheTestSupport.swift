import Foundation
import Logging
import TestSupport
import Testing

@testable import Kernel

/// Which Redis the cache tests use. With `ECOM_TEST_REDIS_URL` unset, the Redis variants are
/// skipped locally, but run (and fail on the missing URL) when `CI=true`.
enum CacheTestRedis {
    static let url = ProcessInfo.processInfo.environment["ECOM_TEST_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let enabled = url != nil || isCI

    /// The shared test Redis; records a failure when it is not configured.
    static func requireURL() throws -> String {
        try #require(url, "ECOM_TEST_REDIS_URL must point at a Redis when CI=true")
    }

    // Generous: the whole suite runs in parallel on two cores; outage tests pass their own short timeouts.
    static func store(commandTimeout: Duration = .seconds(5), nearCacheBytes: Int = 64 << 20) throws -> RedisCacheStore
    {
        try RedisCacheStore(
            url: requireURL(), commandTimeout: commandTimeout, nearCacheBytes: nearCacheBytes, logger: cacheTestLogger)
    }

    /// Spawned `redis-server` tests run wherever the real Redis tests run, and wherever the
    /// binary is installed.
    static let canSpawn = enabled || CacheTestRedisServer.executable != nil
}

let cacheTestLogger = Logger(label: "ecom.cache.test") { _ in SwiftLogNoOpLogHandler() }

/// A unique prefix so tests sharing one Redis (and running in parallel) never meet.
func uniqueCacheName(_ base: String) -> String {
    "\(base)-\(UUID().uuidString.prefix(8))"
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// How long `body` takes.
func elapsed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let start = ContinuousClock.now
    let result = try await body()
    return (result, ContinuousClock.now - start)
}

/// A `redis-server` the test starts itself (see `RedisServerProcess`).
typealias CacheTestRedisServer = RedisServerProcess
