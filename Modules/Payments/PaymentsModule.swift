import Kernel
import Orders

/// Payments against orders through a `PaymentProvider` (the built-in `test` provider, which
/// the `payments:` config section can make decline). Pays with the database guaranteeing one
/// successful payment per order, lists an order's payments, and refunds a confirmed order's
/// payment once its cancellation committed (retried by the `payments.refunds` job). Publishes
/// `payment.succeeded` and `payment.failed`.
public enum PaymentsModule: Module {
    public typealias Config = PaymentsConfig

    public static let id = "payments"
    public static let dependencies: [String] = ["orders"]
    public static let summary = "Payments against orders through a provider protocol; refunds on cancel"
    public static let migrations = PaymentsMigrations.all

    public static func boot(_ context: BootContext, config: PaymentsConfig) async throws -> [AnyOperation] {
        let test = TestPaymentProvider(
            failEvery: config.failEvery, alwaysFail: config.alwaysFail, refundsUnavailable: config.refundsUnavailable)
        let providers: [String: any PaymentProvider] = [test.name: test]
        guard let provider = providers[config.provider] else {
            let known = providers.keys.sorted().joined(separator: ", ")
            throw ConfigError(
                path: context.config.path,
                message: "`payments.provider` '\(config.provider)' is unknown; use one of: \(known)")
        }
        let database = context.database
        let store = PaymentStore()
        let orders = try context.services.require(OrderBook.self)
        let processor = PaymentProcessor(
            database: database, store: store, orders: orders, provider: provider, events: context.events)

        context.services.register(RefundOnCancel(store: store), as: (any OrderCancellationParticipant).self)
        let refunds = OwedRefunds(database: database, store: store, providers: providers, logger: context.logger)
        context.events.subscribe(OrderCanceled.self) { canceled in
            guard canceled.previousStatus == .confirmed else { return }
            await refunds.refundCanceled(orderID: canceled.orderID)
        }
        context.schedule(refunds.job)
        context.schedule(
            AbandonedPayments(database: database, store: store, processor: processor, logger: context.logger).job)
        return [
            AnyOperation(
                PayOrder(processor: processor, idempotency: try context.services.require(IdempotencyKeys.self))),
            AnyOperation(ListPayments(database: database, store: store, orders: orders)),
        ]
    }
}
