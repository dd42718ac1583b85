/// The original service's environment variables, which win over the file so that its `.env`
/// keeps working. An empty variable overrides nothing.
enum EnvironmentOverrides {
    /// Variable, section (nil for the top level), key, and whether the value is a number.
    static let table: [(variable: String, section: String?, key: String, numeric: Bool)] = [
        ("APP_ENV", nil, "env", false),
        ("ECOM_MODULES", nil, "modules", false),
        ("APP_HOST", "http", "host", false),
        ("APP_PORT", "http", "port", true),
        ("DATABASE_URL", "database", "url", false),
        ("REDIS_URL", "cache", "url", false),
        ("SECRET_KEY", "auth", "secret_key", false),
        ("JWT_ALGORITHM", "auth", "jwt_algorithm", false),
        ("ACCESS_TOKEN_EXPIRE_MINUTES", "auth", "access_token_expire_minutes", true),
    ]

    static func apply(to root: inout ConfigNode, environment: [String: String], path: String) throws(ConfigError) {
        for (variable, section, key, numeric) in table {
            guard let value = lookup(variable, in: environment) else { continue }
            let origin = "environment variable \(variable)"
            var text = value
            if numeric {
                // Canonical digits, so YAML does not read a leading zero as octal.
                guard let number = Int(ConfigReader.trim(value)) else {
                    throw ConfigError(
                        path: path,
                        message: "\(variable)=\"\(value)\" must be a whole number; fix or unset the variable")
                }
                text = String(number)
            }
            let node: ConfigNode = numeric ? .plain(text, origin: origin) : .string(text, origin: origin)
            guard let section else {
                root.set(key, node)
                continue
            }
            var child = root[section] ?? .emptyMapping()
            if child.isNull { child = .emptyMapping() }
            // A section that is not a mapping is reported by the reader, pointing at the file.
            guard child.entries != nil else { continue }
            child.set(key, node)
            root.set(section, child)
        }
    }

    /// The variable's value; the original read its settings case-insensitively, so a
    /// lower-case name is accepted when the upper-case one is absent.
    static func lookup(_ name: String, in environment: [String: String]) -> String? {
        let value = environment[name] ?? environment[name.lowercased()]
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
