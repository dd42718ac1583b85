import FoundationEssentials
import Kernel
import Synchronization

/// The scope of Catalog's cache keys: a token stored once in the database, so that every
/// process serving one database shares its cache entries and invalidations, while different
/// databases that happen to share one Redis (staging and production, parallel test runs)
/// never read each other's products. Read lazily on first use, because `ecom modules` boots
/// modules without migrating.
final class CacheScope: Sendable {
    private let database: any Database
    private let token = Mutex<String?>(nil)

    init(database: any Database) {
        self.database = database
    }

    /// The token, created on first use; nil while the database cannot say (the caller then
    /// serves without cache).
    func resolve() async -> String? {
        if let known = token.withLock({ $0 }) { return known }
        guard let value = try? await load() else { return nil }
        token.withLock { $0 = value }
        return value
    }

    private func load() async throws -> String {
        if let existing = try await read(on: database.sql) { return existing }
        let fresh = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        return try await database.transaction { sql in
            // Two processes starting together: one insert wins and both read the winner.
            try await sql.raw(
                """
                INSERT INTO catalog_settings (name, value) VALUES ('cache_scope', \(bind: fresh))
                ON CONFLICT DO NOTHING
                """
            ).run()
            return try await self.read(on: sql) ?? fresh
        }
    }

    private func read(on sql: any SQLDatabase) async throws -> String? {
        try await sql.raw("SELECT value FROM catalog_settings WHERE name = 'cache_scope'").first()?
            .decode(column: "value", as: String.self)
    }
}
