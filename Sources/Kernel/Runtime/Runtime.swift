import Logging

/// What to do about pending migrations at startup.
public enum MigrationPolicy: Sendable {
    /// Apply them (embedded default, `ecom migrate`).
    case apply
    /// Refuse to start while any is pending (`database.auto_migrate: false`).
    case requireApplied
    /// Leave the schema alone (inspection commands).
    case ignore
}

/// A booted kernel: configuration, infrastructure, the enabled modules and their operations.
/// `Runtime.run` owns the lifetime of the database pool around the caller's work.
public final class Runtime: Sendable {
    public let config: AppConfig
    public let modules: [any Module.Type]
    public let database: any Database
    public let cache: Cache
    public let events: EventBus
    public let services: ServiceRegistry
    public let table: OperationTable
    public let dispatcher: Dispatcher
    public let logger: Logger
    let registry: ModuleRegistry

    init(
        config: AppConfig, registry: ModuleRegistry, modules: [any Module.Type], database: any Database, cache: Cache,
        events: EventBus, services: ServiceRegistry, table: OperationTable, logger: Logger
    ) {
        self.config = config
        self.registry = registry
        self.modules = modules
        self.database = database
        self.cache = cache
        self.events = events
        self.services = services
        self.table = table
        self.logger = logger
        self.dispatcher = Dispatcher(authenticator: services.resolve((any Authenticator).self))
    }

    /// Opens the database and cache, applies the migration policy, boots the enabled modules,
    /// runs `body` and closes everything again, also when `body` throws. With
    /// `watchingExternalWrites` (the long-running commands), an in-process cache over a SQLite
    /// file is invalidated within a second of another process writing to the file.
    public static func run<T: Sendable>(
        config: AppConfig, registry: ModuleRegistry, logger: Logger, migrations policy: MigrationPolicy,
        watchingExternalWrites: Bool = false, _ body: @Sendable (Runtime) async throws -> T
    ) async throws -> T {
        AppMetrics.bootstrap()
        let modules = try registry.resolve(enabled: config.modules, configPath: config.path)
        try registry.checkSections(config.sectionIDs, configPath: config.path)
        try config.checkSections(of: registry.available)
        for module in modules { try await check(module, config) }
        // The cache first (it does not connect yet), so neither is left open behind a thrown error.
        let cache = try Cache.make(
            url: config.cache.url, keyPrefix: config.cache.keyPrefix, logger: logger,
            commandTimeout: .milliseconds(config.cache.commandTimeoutMilliseconds),
            nearCacheBytes: config.cache.nearCacheMegabytes << 20)
        let database: any Database
        do {
            database = try await DatabaseFactory.open(
                config.database, stateDirectory: config.stateDirectory, logger: logger)
        } catch {
            await cache.close()
            throw error
        }
        // The pool (and the external-write watch) run as children of this group, cancelled once
        // `body` is done; the cache and the database are closed exactly once, whatever happened.
        let outcome: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            do {
                try await database.probe()
                let runtime = try await boot(
                    config: config, registry: registry, modules: modules, database: database, cache: cache,
                    logger: logger, policy: policy)
                if watchingExternalWrites, await ExternalWriteWatch.isNeeded(database: database, cache: cache) {
                    group.addTask {
                        await ExternalWriteWatch(
                            database: database, cache: cache, interval: .seconds(1), logger: logger
                        )
                        .run()
                    }
                }
                return .success(try await body(runtime))
            } catch {
                return .failure(error)
            }
        }
        await cache.close()
        await database.shutdown()
        return try outcome.get()
    }

    private static func boot(
        config: AppConfig, registry: ModuleRegistry, modules: [any Module.Type], database: any Database, cache: Cache,
        logger: Logger, policy: MigrationPolicy
    ) async throws -> Runtime {
        let runner = MigrationRunner(database: database, logger: logger)
        let plan = modules.map { (id: $0.id, migrations: $0.migrations) }
        let compiled = registry.migrationPlan
        switch policy {
        case .apply:
            try await runner.migrate(plan, compiled: compiled)
        case .requireApplied:
            let pending = try await runner.pending(plan, compiled: compiled)
            guard pending.isEmpty else {
                let names = pending.map { "\($0.module) \($0.version) \($0.name)" }.joined(separator: ", ")
                throw ConfigError(
                    path: config.path,
                    message:
                        "database.auto_migrate is false and migrations are pending (\(names)); run `ecom migrate` first"
                )
            }
        case .ignore:
            break
        }
        let events = EventBus(logger: logger)
        let services = ServiceRegistry()
        var operations: [AnyOperation] = []
        for module in modules {
            var moduleLogger = logger
            moduleLogger[metadataKey: "module"] = "\(module.id)"
            let context = BootContext(
                config: config, database: database, cache: cache, events: events, services: services,
                logger: moduleLogger)
            for var operation in try await bootModule(module, context) {
                operation.moduleID = module.id
                operations.append(operation)
            }
        }
        let health = HealthCheck(database: database, cache: cache, env: config.env)
        var system = [AnyOperation(SystemInfo()), AnyOperation(Health(check: health))]
        for index in system.indices { system[index].moduleID = "system" }
        let enabled = Set(modules.map { $0.id })
        var disabled: [String: String] = [:]
        for module in registry.available where !enabled.contains(module.id) {
            for prefix in module.rpcNamespaces { disabled[prefix] = module.id }
        }
        let table = try OperationTable(
            operations: system + operations, disabledPrefixes: disabled,
            schemaExtensions: services.all(SchemaExtension.self))
        return Runtime(
            config: config, registry: registry, modules: modules, database: database, cache: cache, events: events,
            services: services, table: table, logger: logger)
    }

    private static func check<M: Module>(_ module: M.Type, _ config: AppConfig) async throws {
        try await M.check(config.section(M.id, as: M.Config.self), in: config)
    }

    private static func bootModule<M: Module>(_ module: M.Type, _ context: BootContext) async throws -> [AnyOperation] {
        let settings = try context.config.section(M.id, as: M.Config.self)
        return try await M.boot(context, config: settings)
    }

    /// The cache namespaces `module` uses with this runtime's config.
    public func cacheNamespaces(of module: any Module.Type) throws -> [CacheNamespace] {
        try Self.cacheNamespaces(of: module, config)
    }

    private static func cacheNamespaces<M: Module>(of module: M.Type, _ config: AppConfig) throws -> [CacheNamespace] {
        M.cacheNamespaces(try config.section(M.id, as: M.Config.self))
    }

    /// Every migration of the enabled modules with its state, then the ledger's unknown ones.
    public func migrationStatus() async throws -> [MigrationStatus] {
        try await MigrationRunner(database: database, logger: logger).status(
            modules.map { (id: $0.id, migrations: $0.migrations) }, compiled: registry.migrationPlan)
    }
}
