/// The pool could not provide a connection (the server is unreachable); answered as 503. At
/// startup (`PostgresDatabase.probe`) it ends the process with its description.
public struct DatabaseUnavailableError: Error, Sendable, CustomStringConvertible {
    /// The pool's own error, for the log.
    public let reason: String

    public var description: String { "the database is unavailable: \(reason)" }
}
