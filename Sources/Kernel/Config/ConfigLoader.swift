import Foundation

/// Reads a YAML config file into an `AppConfig`: parse, expand `${VAR}` / `${VAR:-default}`
/// from the environment, apply the original service's environment overrides (`DATABASE_URL`,
/// `REDIS_URL`, `SECRET_KEY`, `APP_PORT`, ... and `ECOM_MODULES`), then check every kernel
/// setting. Any problem is one `ConfigError` line naming the file.
///
/// ```swift
/// let config = try ConfigLoader.load(path: "config/production.yaml", environment: ProcessInfo.processInfo.environment)
/// ```
public enum ConfigLoader {
    /// Loads the config file at `path`.
    public static func load(path: String, environment: [String: String]) throws(ConfigError) -> AppConfig {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(
                path: path,
                message: "config file not found; pass an existing file with --config (e.g. config/ecom.yaml)")
        }
        guard !isDirectory.boolValue else {
            throw ConfigError(path: path, message: "is a directory; pass a YAML file with --config")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, message: "cannot read the config file; check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, message: "the file is not valid UTF-8 text; save it as UTF-8")
        }
        return try load(yaml: text, path: path, environment: environment)
    }

    /// Loads config from YAML text; `path` names it in errors.
    public static func load(yaml: String, path: String, environment: [String: String]) throws(ConfigError)
        -> AppConfig
    {
        guard let parsed = try ConfigNode.parse(yaml: yaml, path: path), !parsed.isNull else {
            throw ConfigError(
                path: path, message: "the config is empty; start from config/ecom.yaml (at least `modules: [...]`)")
        }
        guard parsed.entries != nil else {
            throw parsed.error(
                path: path,
                "the top level must be a mapping of settings (modules:, http:, database:, ...), "
                    + "found \(parsed.summary)")
        }
        var root = try parsed.expandingEnvironment(environment, path: path)
        try EnvironmentOverrides.apply(to: &root, environment: environment, path: path)
        return try build(root, path: path)
    }

    private static func build(_ root: ConfigNode, path: String) throws(ConfigError) -> AppConfig {
        let top = ConfigReader(path: path, root: root)
        var config = AppConfig(path: path)
        // Kept as written: `/healthz` echoes it, as the original echoed APP_ENV.
        config.env = ConfigReader.trim(try top.string("env", default: "dev"))
        if config.env.isEmpty { throw top.error("env", "is empty; use dev, test or production") }
        config.modules = try modules(top)
        config.http = try HTTPSettings(ConfigReader(path: path, section: "http", in: root))
        config.database = try database(ConfigReader(path: path, section: "database", in: root))
        config.cache = try cache(ConfigReader(path: path, section: "cache", in: root))
        config.logging = try LogSettings(ConfigReader(path: path, section: "logging", in: root))
        let state = try top.string("state_directory", default: "var")
        if state.isEmpty { throw top.error("state_directory", "is empty; use a directory such as var") }
        config.stateDirectory = absolute(state)
        for entry in root.entries ?? [] { config.sections[entry.key] = entry.node }
        return config
    }

    private static func modules(_ top: ConfigReader) throws(ConfigError) -> [String] {
        guard let modules = try top.stringList("modules") else {
            throw top.error(
                "modules",
                "is missing; list the modules to enable, e.g. modules: [auth, catalog, inventory, orders, payments]")
        }
        // `modules: []` is a deliberate empty list; a string (`ECOM_MODULES`, `"${MODULES}"`)
        // naming none is more likely an unset or mistyped variable.
        if modules.isEmpty, case .scalar? = top.value("modules")?.value {
            throw top.error(
                "modules", "names no module; list the modules to enable, e.g. \"auth, catalog\", or write modules: []")
        }
        var seen = Set<String>()
        for id in modules {
            if id.isEmpty { throw top.error("modules", "has an empty entry; remove it") }
            guard seen.insert(id).inserted else {
                throw top.error("modules", "lists '\(id)' twice; list each module once")
            }
        }
        return modules
    }

    private static func database(_ reader: ConfigReader) throws(ConfigError) -> DatabaseSettings {
        try reader.rejectUnknownKeys([
            "url", "auto_migrate", "pool_size", "statement_timeout_seconds", "prepared_statements",
        ])
        let defaults = DatabaseSettings()
        return DatabaseSettings(
            url: try url(reader, default: defaults.url, normalise: DatabaseSettings.normalise),
            autoMigrate: try reader.bool("auto_migrate", default: defaults.autoMigrate),
            poolSize: try reader.int("pool_size", default: defaults.poolSize, in: 1...1000),
            statementTimeoutSeconds: try reader.seconds(
                "statement_timeout_seconds", in: DatabaseSettings.statementTimeoutRange),
            preparedStatements: try reader.bool("prepared_statements", default: defaults.preparedStatements))
    }

    private static func cache(_ reader: ConfigReader) throws(ConfigError) -> CacheSettings {
        try reader.rejectUnknownKeys(["url", "key_prefix", "command_timeout_ms", "near_cache_mb"])
        let timeout = try reader.int(
            "command_timeout_ms", default: CacheSettings().commandTimeoutMilliseconds, in: 1...60_000)
        let nearCache = try reader.int("near_cache_mb", default: CacheSettings().nearCacheMegabytes, in: 0...65_536)
        let prefix = try reader.string("key_prefix") ?? ""
        guard prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw reader.error("key_prefix", "may contain only letters, digits, '-', '_' and '.'")
        }
        return CacheSettings(
            url: try url(reader, default: CacheSettings().url, normalise: CacheSettings.normalise), keyPrefix: prefix,
            commandTimeoutMilliseconds: timeout, nearCacheMegabytes: nearCache)
    }

    /// The `url` of a section: the default when the key is absent, an error when it is present
    /// but empty (typically an unset `${VAR}`), else the normalised URL.
    private static func url(
        _ reader: ConfigReader, default fallback: String,
        normalise: (String) throws(ConfigURL.Problem) -> String
    ) throws(ConfigError) -> String {
        guard reader.node["url"] != nil else { return fallback }
        let text = ConfigReader.trim(try reader.string("url") ?? "")
        do {
            return try normalise(text)
        } catch {
            throw reader.error("url", error.message)
        }
    }

    private static func absolute(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
