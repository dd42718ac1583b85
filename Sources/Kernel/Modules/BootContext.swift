import Logging

/// What a module gets at boot: the shared infrastructure and the registry of services.
public struct BootContext: Sendable {
    /// The whole configuration (a module reads its own section through `Module.Config`).
    public let config: AppConfig
    /// The database.
    public let database: any Database
    /// The fault-tolerant cache.
    public let cache: Cache
    /// The in-process event bus.
    public let events: EventBus
    /// Services modules offer each other.
    public let services: ServiceRegistry
    /// A logger labelled with the module id.
    public let logger: Logger

    /// The handle of one of the module's declared namespaces.
    public func cache(_ namespace: CacheNamespace) -> NamespacedCache {
        cache.namespace(namespace)
    }

    /// Registers the authenticator both transports use to resolve principals (the Auth module).
    public func provideAuthenticator(_ authenticator: any Authenticator) {
        services.register(authenticator, as: (any Authenticator).self)
    }
}
