import Logging

/// The `logging` section.
///
/// ```yaml
/// logging: { level: info, format: json }
/// ```
public struct LogSettings: Sendable, Equatable {
    /// How log lines are written.
    public enum Format: String, Sendable, CaseIterable {
        /// Human-readable lines, for a terminal.
        case text
        /// One JSON object per line, for log collectors.
        case json
    }

    /// The least severe level logged (`level`, default `info`): trace, debug, info, notice,
    /// warning, error or critical.
    public var level: Logger.Level
    /// `text` (default) or `json`.
    public var format: Format

    /// Settings with the documented defaults.
    public init(level: Logger.Level = .info, format: Format = .text) {
        self.level = level
        self.format = format
    }

    init(_ reader: ConfigReader) throws(ConfigError) {
        try reader.rejectUnknownKeys(["level", "format"])
        var settings = LogSettings()
        if let text = try reader.string("level") {
            let name = text.lowercased() == "warn" ? "warning" : text.lowercased()
            guard let level = Logger.Level(rawValue: name) else {
                let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error("level", "is \"\(text)\"; use one of \(levels)")
            }
            settings.level = level
        }
        if let text = try reader.string("format") {
            guard let format = Format(rawValue: text.lowercased()) else {
                throw reader.error("format", "is \"\(text)\"; use text or json")
            }
            settings.format = format
        }
        self = settings
    }
}
