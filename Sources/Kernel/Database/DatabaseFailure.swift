import Foundation
import PostgresNIO
import SQLiteNIO

/// A database error classified so that modules can turn constraint violations into 409/422
/// answers on both engines, and transports can turn an unreachable database into a 503.
///
/// Name PostgreSQL constraints `uq_<table>_<columns>`, `fk_<table>_<column>`, `ck_<table>_<name>`;
/// SQLite reports `table.column`, and `matches(table:column:)` understands both.
public enum DatabaseFailure: Sendable, Equatable {
    case uniqueViolation(String)
    case foreignKeyViolation(String)
    case checkViolation(String)
    /// PostgreSQL gave up on the statement because of a concurrent one (a deadlock, or a
    /// serialization failure): nothing was written, and the request may be sent again.
    case concurrentConflict
    case unavailable

    /// Classifies `error`, or nil when it is something else.
    public init?(_ error: any Error) {
        if error is DatabaseUnavailableError {
            self = .unavailable
            return
        }
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                let constraint = error.serverInfo?[.constraintName] ?? ""
                switch state {
                case "23505": self = .uniqueViolation(constraint)
                case "23503": self = .foreignKeyViolation(constraint)
                case "23514": self = .checkViolation(constraint)
                case "40P01", "40001": self = .concurrentConflict
                // Shutting down, crashed, starting up, too many connections, statement timeout.
                case "57P01", "57P02", "57P03", "53300", "57014": self = .unavailable
                // A statement past its `StatementBudget`: it wrote nothing, and its time is up.
                case "22P02" where error.serverInfo?[.message]?.contains(StatementBudget.marker) == true:
                    self = .unavailable
                default: return nil
                }
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
                self = .unavailable
            default:
                return nil
            }
            return
        }
        if let error = error as? SQLiteError {
            let message = error.message
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed:
                self = .uniqueViolation(Self.sqliteSubject(message))
            case .constraintForeignKeyFailed:
                self = .foreignKeyViolation(Self.sqliteSubject(message))
            case .constraintCheckFailed:
                self = .checkViolation(Self.sqliteSubject(message))
            case .constraint:
                if message.contains("UNIQUE") {
                    self = .uniqueViolation(Self.sqliteSubject(message))
                } else if message.contains("FOREIGN KEY") {
                    self = .foreignKeyViolation(Self.sqliteSubject(message))
                } else if message.contains("CHECK") {
                    self = .checkViolation(Self.sqliteSubject(message))
                } else {
                    return nil
                }
            case .busy, .busyTimeout, .locked, .cantOpen, .ioError:
                self = .unavailable
            default:
                return nil
            }
            return
        }
        return nil
    }

    /// True for a unique violation on `table` involving `column`.
    public func isUnique(table: String, column: String) -> Bool {
        guard case .uniqueViolation(let subject) = self else { return false }
        return Self.subject(subject, table: table, column: column)
    }

    /// True for a foreign-key violation; SQLite does not say which key, so any matches there.
    public func isForeignKey(table: String, column: String) -> Bool {
        guard case .foreignKeyViolation(let subject) = self else { return false }
        return subject.isEmpty || Self.subject(subject, table: table, column: column)
    }

    /// True for a check violation named `name` (`ck_<table>_<name>`).
    public func isCheck(table: String, name: String) -> Bool {
        guard case .checkViolation(let subject) = self else { return false }
        return subject.isEmpty || subject == "ck_\(table)_\(name)" || subject.contains(name)
    }

    private static func subject(_ subject: String, table: String, column: String) -> Bool {
        // PostgreSQL: the constraint name; SQLite: "table.a, table.b".
        if subject.hasPrefix("uq_\(table)_") || subject.hasPrefix("fk_\(table)_") || subject.hasPrefix("ix_\(table)_") {
            return subject.hasSuffix("_\(column)") || subject.contains("_\(column)_")
        }
        return subject.split(separator: ",").contains {
            $0.trimmingCharacters(in: .whitespaces) == "\(table).\(column)"
        }
    }

    private static func sqliteSubject(_ message: String) -> String {
        // "UNIQUE constraint failed: users.email" / "CHECK constraint failed: ck_inventory_qty"
        guard let colon = message.range(of: "failed: ") else { return "" }
        return String(message[colon.upperBound...])
    }
}
