/// A feature module: what a deployment switches on or off in its YAML config.
///
/// A module declares its id, the modules it needs, its migrations and cache namespaces, and a
/// boot step that builds its operations and may register services for other modules or
/// subscribe to events. A disabled module contributes nothing.
///
/// ```swift
/// public enum CatalogModule: Module {
///     public static let id = "catalog"
///     public static let dependencies: [String] = []
///     public static let summary = "Categories, brands, products and images"
///     public static let migrations = CatalogMigrations.all
///     public static func cacheNamespaces(_ config: CatalogConfig) -> [CacheNamespace] {
///         [CacheNamespace("catalog", ttlSeconds: config.listingCacheTTLSeconds)]
///     }
///     public static func boot(_ context: BootContext, config: CatalogConfig) async throws -> [AnyOperation] {
///         let brands = BrandStore(database: context.database)
///         return [AnyOperation(ListBrands(store: brands, cache: …)), …]
///     }
/// }
/// ```
public protocol Module: Sendable {
    /// The module's own config section (decoded from the YAML block named by `id`).
    associatedtype Config: Decodable & Sendable = NoConfig

    /// The stable id used in config files (`catalog`).
    static var id: String { get }
    /// Ids of the modules this one needs enabled and booted first.
    static var dependencies: [String] { get }
    /// One line for `ecom modules`.
    static var summary: String { get }
    /// Schema changes, ordered by version.
    static var migrations: [Migration] { get }
    /// Cache namespaces the module uses with `config` (for `ecom modules`).
    static func cacheNamespaces(_ config: Config) -> [CacheNamespace]
    /// The first segments of its JSON-RPC method names (default: the id), so a call to a
    /// disabled module's method can say which module to enable.
    static var rpcNamespaces: [String] { get }
    /// Refuses, before the database is opened or migrated, a config the module could not boot
    /// with (Auth: no secret key in production). Default: nothing beyond decoding the section.
    static func check(_ config: Config, in kernel: AppConfig) async throws
    /// Builds the module's operations; may register services and subscribe to events.
    static func boot(_ context: BootContext, config: Config) async throws -> [AnyOperation]
}

extension Module {
    public static func check(_ config: Config, in kernel: AppConfig) async throws {}
    public static var migrations: [Migration] { [] }
    public static func cacheNamespaces(_ config: Config) -> [CacheNamespace] { [] }
    public static var rpcNamespaces: [String] { [id] }
}

/// The config of a module that has none. Its section must be absent or empty: a setting there
/// (`orders: { idempotency_ttl_hours: 24 }`) would otherwise be ignored without a word.
public struct NoConfig: Decodable, Sendable {
    public init() {}

    /// Accepts only null or an empty mapping.
    public init(from decoder: any Decoder) throws {
        if (try? decoder.singleValueContainer().decodeNil()) == true { return }
        if let settings = try? decoder.container(keyedBy: ConfigKey.self), settings.allKeys.isEmpty { return }
        throw DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "this module takes no settings; remove the section or leave it empty"))
    }
}
