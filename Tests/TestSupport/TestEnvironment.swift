import Foundation

/// The storage a test runs against: SQLite + memory cache, or PostgreSQL + Redis.
public enum Backend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

}

/// What the test command provides. In CI (`CI=true`) PostgreSQL and Redis are required: a test
/// on the postgres backend fails, never skips, when they are missing.
public enum TestEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    /// `ECOM_TEST_POSTGRES_URL`, set by `scripts/test`.
    public static var postgresURL: String? { environment["ECOM_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    /// `ECOM_TEST_REDIS_URL`, set by `scripts/test`.
    public static var redisURL: String? { environment["ECOM_TEST_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    /// True under CI.
    public static var isCI: Bool { environment["CI"] == "true" }

    /// The backends to run: both in CI or when the services are there, SQLite alone otherwise.
    public static var backends: [Backend] {
        (postgresURL != nil && redisURL != nil) || isCI ? [.sqlite, .postgres] : [.sqlite]
    }

    /// The URLs for the postgres backend; throws (failing the test) when they are missing.
    public static func requireServices() throws -> (postgres: String, redis: String) {
        guard let postgres = postgresURL, let redis = redisURL else {
            throw TestSetupError(
                "ECOM_TEST_POSTGRES_URL and ECOM_TEST_REDIS_URL must be set (run the suite with scripts/test)")
        }
        return (postgres, redis)
    }
}

/// A test could not be set up.
public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
