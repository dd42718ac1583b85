import Logging
import Metrics
import Synchronization

/// A domain event published on the in-process bus (`product.updated`, `order.created`, ...).
public protocol DomainEvent: Sendable {
    /// The event's name for logs and docs.
    static var name: String { get }
}

/// The in-process event bus. `publish` awaits every subscriber before it returns, so a cache
/// invalidated by an event is invalid before the write's response is sent (read-your-writes).
///
/// ```swift
/// bus.subscribe(ProductChanged.self) { event in await listingCache.invalidate() }
/// await bus.publish(ProductChanged(productID: 7))
/// ```
public final class EventBus: Sendable {
    private let handlers = Mutex<[ObjectIdentifier: [@Sendable (any DomainEvent) async -> Void]]>([:])
    private let logger: Logger

    public init(logger: Logger = Logger(label: "ecom.events")) {
        self.logger = logger
    }

    /// Calls `handler` for every published event of type `E`.
    public func subscribe<E: DomainEvent>(_ type: E.Type, _ handler: @escaping @Sendable (E) async -> Void) {
        let erased: @Sendable (any DomainEvent) async -> Void = { event in
            if let event = event as? E { await handler(event) }
        }
        handlers.withLock { $0[ObjectIdentifier(type), default: []].append(erased) }
    }

    /// Delivers `event` to its subscribers, in subscription order.
    public func publish<E: DomainEvent>(_ event: E) async {
        let subscribers = handlers.withLock { $0[ObjectIdentifier(E.self)] ?? [] }
        logger.debug("event", metadata: ["event": "\(E.name)", "subscribers": "\(subscribers.count)"])
        // Event names are a fixed set, so they are a bounded label (`order.created`,
        // `payment.succeeded`, `payment.failed`: orders created and payments by status).
        Counter(label: "ecom_domain_events_total", dimensions: [("event", E.name)]).increment()
        for handler in subscribers { await handler(event) }
    }
}
