import Synchronization

/// Services that modules offer each other, keyed by type. A module registers at boot what later
/// modules (booted after it, since they depend on it) resolve; several values may be
/// registered for one protocol to form an extension point.
///
/// ```swift
/// context.services.register(stock, as: (any StockService).self)        // Inventory
/// let stock = try context.services.require((any StockService).self)  // Orders
/// context.services.register(StockDetailFields(store: store), as: (any ProductDetailExtension).self)
/// for contributor in context.services.all((any ProductDetailExtension).self) { ... }
/// ```
public final class ServiceRegistry: Sendable {
    private let entries = Mutex<[ObjectIdentifier: [any Sendable]]>([:])

    public init() {}

    /// Adds `service` under `type`.
    public func register<T>(_ service: T, as type: T.Type = T.self) where T: Sendable {
        entries.withLock { $0[ObjectIdentifier(type), default: []].append(service) }
    }

    /// The first service registered under `type`.
    public func resolve<T>(_ type: T.Type) -> T? {
        all(type).first
    }

    /// The first service under `type`, or an error naming it (a missing dependency is a bug).
    public func require<T>(_ type: T.Type) throws -> T {
        guard let service = resolve(type) else {
            throw BootError("service \(type) is not registered; is its module enabled?")
        }
        return service
    }

    /// Every service registered under `type`, in registration order.
    public func all<T>(_ type: T.Type) -> [T] {
        entries.withLock { $0[ObjectIdentifier(type)] ?? [] }.compactMap { $0 as? T }
    }
}
