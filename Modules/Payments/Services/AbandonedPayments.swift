import Kernel

/// The periodic job that settles `pending` payments abandoned after their charge (their
/// request died, or the database failed before the outcome was written) on orders nobody pays
/// or cancels again: each is taken over with a lease, so of several instances one settles it.
struct AbandonedPayments: Sendable {
    let database: any Database
    let store: PaymentStore
    let processor: PaymentProcessor
    /// Where a payment that could not be settled is reported (the boot logger).
    let logger: Logger
    /// The most payments settled per run.
    static let batch = 100

    /// Settles up to `batch` abandoned payments; one that fails is logged and left for later.
    func run() async throws {
        let cutoff = Timestamp.now().addingTimeInterval(-PaymentProcessor.pendingTimeout)
        let orders = try await store.orders(in: .abandonedCharge, before: cutoff, limit: Self.batch, on: database.sql)
        for orderID in orders {
            do {
                try await processor.settleAbandoned(orderID: orderID, logger: logger)
            } catch {
                logger.error(
                    "abandoned payment not settled", metadata: ["order_id": "\(orderID)", "error": "\(error)"])
            }
        }
    }

    /// The job: every minute (a payment counts as abandoned after `pendingTimeout`).
    var job: PeriodicJob {
        PeriodicJob(name: "payments.abandoned", every: .seconds(60)) { try await run() }
    }
}
