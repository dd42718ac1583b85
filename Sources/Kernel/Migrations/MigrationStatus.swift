/// The state of one migration against the ledger.
public struct MigrationStatus: Sendable, Equatable {
    /// Where a migration stands.
    public enum State: String, Sendable {
        /// Declared by a module and recorded in the ledger.
        case applied
        /// Declared by a module, not yet recorded.
        case pending
        /// Recorded in the ledger but declared by no module compiled into this executable:
        /// the database was migrated by a newer ecom (or one with more modules).
        case unknown
    }

    public var module: String
    public var version: Int
    public var name: String
    public var state: State

    /// Whether it is declared and recorded.
    public var applied: Bool { state == .applied }

    /// `catalog 5 add_reviews`, as messages name a migration.
    var label: String { "\(module) \(version) \(name)" }
}

/// A migration could not be applied or the ledger disagrees with the code.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }

    /// The error for ledger rows that no compiled module declares.
    static func unknown(_ rows: [MigrationStatus]) -> MigrationError {
        MigrationError(
            message:
                "the database was migrated by a newer ecom: its ledger records migrations this executable does not know ("
                + rows.map(\.label).joined(separator: ", ")
                + "); run the newer ecom, or restore a backup taken before it migrated")
    }
}
