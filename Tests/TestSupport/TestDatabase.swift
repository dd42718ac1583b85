import Foundation
import Kernel
import Logging

/// A fresh, empty database per test: a temporary SQLite file, or a new PostgreSQL database
/// created on the test server and dropped afterwards.
public enum TestDatabase {
    /// Creates a database for `backend`, runs `body` with its URL and removes it.
    public static func with<T: Sendable>(_ backend: Backend, _ body: (String) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ecom-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await body("sqlite:\(directory.path)/test.sqlite")
        case .postgres:
            let admin = try TestEnvironment.requireServices().postgres
            let name = "ecom_t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
            try await execute(on: admin, "CREATE DATABASE \(name)")
            do {
                let result = try await body(replacingDatabase(in: admin, with: name))
                try? await execute(on: admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                return result
            } catch {
                try? await execute(on: admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                throw error
            }
        }
    }

    /// Opens the database at `url`, runs `body` with it and shuts it down, also when `body`
    /// throws: SQLiteNIO asserts that no open connection is released, which would crash the
    /// whole test run instead of failing one test.
    public static func using<T: Sendable>(
        _ settings: DatabaseSettings, logger: Logger = Logger(label: "test"),
        _ body: @Sendable (any Database) async throws -> T
    ) async throws -> T {
        let database = try await DatabaseFactory.open(
            settings, stateDirectory: FileManager.default.temporaryDirectory.path, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            do {
                let result = try await body(database)
                await database.shutdown()
                return result
            } catch {
                await database.shutdown()
                throw error
            }
        }
    }

    /// Runs one statement on the database at `url`.
    public static func execute(on url: String, _ statement: String) async throws {
        var logger = Logger(label: "test.admin")
        logger.logLevel = .error
        let database = try PostgresDatabase(url: url, maximumConnections: 1, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            try await database.sql.raw(SQLQueryString(statement)).run()
        }
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/\(name)"
        return components.string ?? url
    }
}
