import Metrics
import PostgresNIO
import SQLiteNIO

/// Database pool usage. `ecom_db_in_flight{scope}` counts the statements, transactions and
/// leased connections running now; `ecom_db_errors_total{scope,kind}` counts errors the engine
/// raised (classified like `DatabaseFailure`), not errors a transaction body threw on its own.
enum DatabaseMetrics {
    /// What `track` counts in.
    enum Scope: String, CaseIterable {
        case statement, transaction, connection
    }

    static func track<T>(_ scope: Scope, _ body: () async throws -> T) async throws -> T {
        let inFlight = inFlight[scope]!
        inFlight.increment()
        defer { inFlight.decrement() }
        do {
            return try await body()
        } catch {
            if let kind = errorKind(error) {
                Counter(label: "ecom_db_errors_total", dimensions: [("scope", scope.rawValue), ("kind", kind)])
                    .increment()
            }
            throw error
        }
    }

    /// Each scope's gauge, made once: a statement's way through the registry costs more than
    /// the count itself.
    private static let inFlight: [Scope: Meter] = {
        AppMetrics.bootstrap()
        return Scope.allCases.reduce(into: [:]) {
            $0[$1] = Meter(label: "ecom_db_in_flight", dimensions: [("scope", $1.rawValue)])
        }
    }()

    /// A bounded label for an engine error, or nil for an error that is not the database's.
    static func errorKind(_ error: any Error) -> String? {
        switch DatabaseFailure(error) {
        case .uniqueViolation?: return "unique_violation"
        case .foreignKeyViolation?: return "foreign_key_violation"
        case .checkViolation?: return "check_violation"
        case .concurrentConflict?: return "concurrent_conflict"
        case .unavailable?: return "unavailable"
        case nil: return error is PSQLError || error is SQLiteError ? "other" : nil
        }
    }
}
