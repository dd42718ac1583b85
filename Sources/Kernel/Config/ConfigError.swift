/// A configuration problem, reported as one line that names the file, what is wrong and what
/// to change. The process prints it to stderr and exits non-zero before serving anything.
///
/// ```swift
/// throw ConfigError(path: "config/ecom.yaml", message: "unknown module 'shop'; use one of: auth, catalog")
/// // config/ecom.yaml: unknown module 'shop'; use one of: auth, catalog
/// ```
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The config file the problem is in (as given, e.g. `config/production.yaml`).
    public var path: String
    /// What is wrong and what to change, without the location.
    public var message: String
    /// The 1-based line of the offending value, when known.
    public var line: Int?
    /// The 1-based column of the offending value, when known.
    public var column: Int?

    /// An error in `path`, optionally at a line and column.
    public init(path: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.message = message
        self.line = line
        self.column = column
    }

    /// `path:line:column: message` (the location as far as known), always on one line.
    public var description: String {
        var location = path
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "\(location): \(oneLine)"
    }
}
