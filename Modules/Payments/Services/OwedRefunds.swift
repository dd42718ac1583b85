import FoundationEssentials
import Kernel
import Orders

/// Makes the refunds canceled orders owe (`RefundOnCancel` records them), outside any
/// transaction: right after the cancellation commits (on `order.canceled`), and from the
/// periodic job `payments.refunds` for those the provider could not make then or whose process
/// died first. Each refund is taken with a lease, so of several instances one makes it; a
/// provider's refund is idempotent per charge, so one made but not recorded (the database
/// failed after it) is asked again harmlessly.
struct OwedRefunds: Sendable {
    let database: any Database
    let store: PaymentStore
    let providers: [String: any PaymentProvider]
    /// Where a refund not made is reported (the boot logger).
    let logger: Logger
    /// How long a refund being made holds its lease: one not recorded as made is retried after.
    static let retryAfter: TimeInterval = 5 * 60
    /// The most refunds made per job run.
    static let batch = 100

    /// The refund of a cancellation that just committed (`order.canceled` from `confirmed`).
    /// One the provider cannot make now is logged and left to the job.
    func refundCanceled(orderID: Int64) async {
        // The cancellation touched the payment a moment ago: take it over regardless.
        let cutoff = Timestamp.now().addingTimeInterval(1)
        do {
            try await refund(orderID: orderID, untouchedSince: cutoff)
        } catch {
            logger.warning(
                "refund not made; the payments.refunds job retries it",
                metadata: ["order_id": "\(orderID)", "error": "\(error)"])
        }
    }

    /// Makes up to `batch` refunds owed for longer than `retryAfter`; one that fails is logged
    /// and left for later.
    func run() async throws {
        let cutoff = Timestamp.now().addingTimeInterval(-Self.retryAfter)
        let orders = try await store.orders(in: .owedRefund, before: cutoff, limit: Self.batch, on: database.sql)
        for orderID in orders {
            do {
                try await refund(orderID: orderID, untouchedSince: cutoff)
            } catch {
                logger.error(
                    "owed refund not made", metadata: ["order_id": "\(orderID)", "error": "\(error)"])
            }
        }
    }

    /// The job: every minute.
    var job: PeriodicJob {
        PeriodicJob(name: "payments.refunds", every: .seconds(60)) { try await run() }
    }

    /// Takes over the refund order `orderID` owes, if nobody touched it since `cutoff`, has
    /// the provider make it and records it `refunded`.
    private func refund(orderID: Int64, untouchedSince cutoff: Date) async throws {
        let store = store
        let now = Timestamp.now()
        guard
            let payment = try await database.transaction({ tx in
                try await store.takeOver(.owedRefund, orderID: orderID, before: cutoff, at: now, on: tx)
            })
        else { return }
        guard let provider = providers[payment.provider], let reference = payment.providerPaymentID else {
            throw UnknownCharge(paymentID: payment.id, provider: payment.provider)
        }
        try await provider.refund(providerPaymentID: reference, amountCents: payment.amountCents)
        let refunded = try await database.transaction { tx in
            try await store.markRefunded(payment.id, at: Timestamp.now(), on: tx)
        }
        if refunded != nil { PaymentMetrics.settled(.refunded) }
    }

    /// A payment owed a refund whose charge no configured provider can refund.
    struct UnknownCharge: Error, CustomStringConvertible {
        var paymentID: Int64
        var provider: String
        var description: String { "payment \(paymentID) was charged through '\(provider)', which is not configured" }
    }
}
