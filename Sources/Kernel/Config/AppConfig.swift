import Foundation

/// The loaded configuration: the kernel's own settings plus every module's raw section, which
/// the module decodes itself through `section(_:as:)`.
///
/// ```swift
/// let config = try ConfigLoader.load(path: "config/ecom.yaml", environment: ProcessInfo.processInfo.environment)
/// let catalog = try config.section("catalog", as: CatalogConfig.self)
/// ```
public struct AppConfig: Sendable {
    /// The file the configuration came from, as given; errors name it.
    public var path: String
    /// The deployment environment (`env`, default `dev`; `APP_ENV` overrides) as written, since
    /// `/healthz` echoes it as the original echoed `APP_ENV`. Any name other than a development
    /// one (see `isProduction`) refuses to start without a configured secret key.
    public var env: String
    /// Ids of the enabled modules, in file order (`modules`; `ECOM_MODULES` overrides).
    public var modules: [String]
    /// Where and how `ecom serve` listens.
    public var http: HTTPSettings
    /// The database.
    public var database: DatabaseSettings
    /// The cache.
    public var cache: CacheSettings
    /// Log level and format.
    public var logging: LogSettings
    /// Absolute directory for generated state such as `secret_key` (`state_directory`,
    /// default `var`, resolved against the working directory when loading).
    public var stateDirectory: String
    /// The raw top-level sections, keyed by name.
    var sections: [String: ConfigNode]

    /// Top-level keys the kernel reads itself; every other key is a module's section.
    static let kernelKeys = ["env", "modules", "http", "database", "cache", "logging", "state_directory"]

    /// A configuration built in code (tests); module sections are empty, so each module gets
    /// its defaults.
    public init(
        path: String = "<code>", env: String = "dev", modules: [String] = [], http: HTTPSettings = HTTPSettings(),
        database: DatabaseSettings = DatabaseSettings(), cache: CacheSettings = CacheSettings(),
        logging: LogSettings = LogSettings(), stateDirectory: String = "var"
    ) {
        self.path = path
        self.env = env
        self.modules = modules
        self.http = http
        self.database = database
        self.cache = cache
        self.logging = logging
        self.stateDirectory = stateDirectory
        self.sections = [:]
    }

    /// True unless `env` names a development or test environment (`developmentEnvironments`,
    /// in any case): `production`, `prod`, `staging` and any other name are deployments, which
    /// must not sign tokens with a key generated on their own disk.
    public var isProduction: Bool { Self.isProduction(env: env) }

    /// The environments that may run without a configured secret key.
    public static let developmentEnvironments = ["dev", "development", "test", "testing", "local"]

    /// True unless `env` names one of `developmentEnvironments` (in any case).
    public static func isProduction(env: String) -> Bool {
        !developmentEnvironments.contains(ConfigReader.trim(env).lowercased())
    }

    /// The top-level keys that are not kernel settings, in no particular order: the sections
    /// meant for modules (a name that is no module id is likely a typo).
    public var sectionIDs: [String] {
        sections.keys.filter { !Self.kernelKeys.contains($0) }.sorted()
    }
}
