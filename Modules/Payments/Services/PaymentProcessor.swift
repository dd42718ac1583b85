import FoundationEssentials
import Kernel
import Orders

/// Pays orders in three steps, so no transaction stays open while the provider is asked:
/// (1) check the order and record a `pending` payment while it is still `new` — a partial
/// unique index lets an order have one payment `pending` or `paid`, so a charge starts only
/// while no other is in flight or made; (2) charge; (3) in one transaction, move the order
/// from `new` to `confirmed` with a conditional update and settle the payment `paid`,
/// recording the idempotent answer.
/// A `pending` payment abandoned between (2) and (3) — its process died, or the database
/// failed after the charge — is settled by the next attempt to pay the order: the provider is
/// asked whether it charged it, and if so that charge completes the order (step 3) instead of a
/// second one being made; if not, it is marked `failed` and a new charge starts.
struct PaymentProcessor: Sendable {
    let database: any Database
    let store: PaymentStore
    let orders: OrderBook
    let provider: any PaymentProvider
    let events: EventBus
    /// How long a `pending` payment may wait for its outcome before it counts as abandoned.
    static let pendingTimeout: TimeInterval = 5 * 60

    /// Pays the caller's order `orderID` and returns the encoded payment.
    func pay(_ orderID: Int64, by user: UserIdentity, claim: IdempotencyClaim, logger: Logger)
        async throws -> [UInt8]
    {
        let pending: Payment
        switch try await begin(orderID, userID: user.id) {
        case .fresh(let payment):
            pending = payment
        case .abandoned(let abandoned):
            if let bytes = try await settleTakenOver(abandoned, claim: claim, logger: logger) { return bytes }
            pending = try await fresh(begin(orderID, userID: user.id))
        }
        let outcome: ChargeOutcome
        do {
            outcome = try await provider.charge(
                Charge(paymentID: pending.id, orderID: orderID, amountCents: pending.amountCents))
        } catch {
            logger.error("payment provider failed", metadata: ["payment_id": "\(pending.id)", "error": "\(error)"])
            _ = try await settle(pending.id, as: .failed, reference: nil)
            throw PaymentErrors.providerUnavailable
        }
        switch outcome {
        case .declined(let reference, let reason):
            logger.info("payment declined", metadata: ["payment_id": "\(pending.id)", "reason": "\(reason)"])
            if let failed = try await settle(pending.id, as: .failed, reference: reference) {
                await events.publish(PaymentFailed(payment: failed))
            }
            throw PaymentErrors.declined
        case .paid(let reference):
            return try await confirm(pending, reference: reference, claim: claim, logger: logger)
        }
    }

    /// Settles the abandoned `pending` payment of order `orderID`, if it still has one nobody
    /// else took over: completes the order with the charge the provider made (or refunds it when
    /// the order was canceled or paid meanwhile), or marks it `failed` when nothing was charged.
    /// `AbandonedPayments` runs it for every such order.
    func settleAbandoned(orderID: Int64, logger: Logger) async throws {
        let store = store
        let now = Timestamp.now()
        let cutoff = now.addingTimeInterval(-Self.pendingTimeout)
        guard
            let abandoned = try await database.transaction({ tx in
                try await store.takeOver(.abandonedCharge, orderID: orderID, before: cutoff, at: now, on: tx)
            })
        else { return }
        do {
            _ = try await settleTakenOver(abandoned, claim: .none, logger: logger)
        } catch let error as AppError where error.status == 409 {
            // The order was no longer new: `confirm` refunded the charge.
        }
    }

    /// Settles a payment taken over as abandoned: with the charge the provider made, step 3
    /// (and its answer); nil, the payment marked `failed`, when nothing was charged.
    private func settleTakenOver(_ abandoned: Payment, claim: IdempotencyClaim, logger: Logger)
        async throws -> [UInt8]?
    {
        guard let reference = try await chargedReference(of: abandoned, logger: logger) else {
            _ = try await settle(abandoned.id, as: .failed, reference: nil)
            return nil
        }
        logger.warning("completing an abandoned charge", metadata: ["payment_id": "\(abandoned.id)"])
        return try await confirm(abandoned, reference: reference, claim: claim, logger: logger)
    }

    /// What step 1 found: a new `pending` payment to charge, or an abandoned one taken over.
    private enum Start {
        case fresh(Payment)
        case abandoned(Payment)
    }

    /// The payment of `start` when it is new; an abandoned one met again (another took over and
    /// left it within the same request) counts as a charge in flight.
    private func fresh(_ start: Start) throws -> Payment {
        guard case .fresh(let payment) = start else { throw PaymentErrors.inProgress }
        return payment
    }

    /// The provider's reference for the abandoned payment's charge, nil when nothing was charged.
    private func chargedReference(of payment: Payment, logger: Logger) async throws -> String? {
        guard payment.provider == provider.name else {
            // Charged through a provider no longer configured: this one cannot know of it.
            logger.error(
                "abandoned payment of another provider marked failed",
                metadata: ["payment_id": "\(payment.id)", "provider": "\(payment.provider)"])
            return nil
        }
        do {
            return try await provider.charged(paymentID: payment.id)
        } catch {
            logger.error("payment provider failed", metadata: ["payment_id": "\(payment.id)", "error": "\(error)"])
            throw PaymentErrors.providerUnavailable
        }
    }

    /// Step 1 on PostgreSQL when the order can simply be paid — the caller's, `new`, something
    /// to pay, no other payment in flight or made — in one statement instead of six round trips,
    /// bounded by the call's deadline as the checkout is (`StatementBudget`); nil, having written
    /// nothing, otherwise (or without a budget): `begin` then finds out why, in its transaction.
    private func beginAtOnce(_ orderID: Int64, userID: Int64) async throws -> Payment? {
        guard let budget = database.statementBudget() else { return nil }
        return try await store.insertPending(
            payable: orders.payableClause(orderID, by: userID), provider: provider.name, at: Timestamp.now(),
            within: budget, on: database.sql)
    }

    /// Step 1: the checks of the original, then a `pending` payment — or the order's abandoned
    /// one, taken over. The reads are checks that read committed does not freeze, and each
    /// write is a decision on its own (a conditional update, the partial unique index); an order
    /// that leaves `new` after the check is caught by step 3, which refunds the charge. The
    /// transaction is there for a request answered 503 at its timeout while a write waited for
    /// a lock: rolled back, it leaves no `pending` payment that would refuse every retry for
    /// five minutes (see `inTransaction`).
    private func begin(_ orderID: Int64, userID: Int64) async throws -> Start {
        if let pending = try await beginAtOnce(orderID, userID: userID) { return .fresh(pending) }
        return try await database.transaction { db in
            // Only the owner may pay, superusers included: anyone else gets the 404 of a missing order.
            guard let order = try await orders.order(id: orderID, lines: false, on: db), order.userID == userID else {
                throw OrderErrors.notFound
            }
            if let refusal = PaymentErrors.notPayable(order.status) { throw refusal }
            guard order.totalCents > 0 else { throw PaymentErrors.nothingToPay }
            guard try await !store.hasPaid(orderID: orderID, on: db) else { throw PaymentErrors.alreadyPaid }
            let now = Timestamp.now()
            let cutoff = now.addingTimeInterval(-Self.pendingTimeout)
            if let abandoned = try await store.takeOver(
                .abandonedCharge, orderID: orderID, before: cutoff, at: now, on: db)
            {
                return .abandoned(abandoned)
            }
            // Only while the order is still `new`: a request that checked it before a
            // cancellation committed must not start a charge after it (and after the refund of
            // the charge the cancellation interrupted, when the unique index no longer stops it).
            guard
                let pending = try await store.insertPending(
                    orderID: orderID, amountCents: order.totalCents, provider: provider.name, at: now,
                    while: orders.isNew(orderID, on: database.kind), on: db)
            else {
                if try await store.hasPaid(orderID: orderID, on: db) { throw PaymentErrors.alreadyPaid }
                let status = try await orders.order(id: orderID, lines: false, on: db)?.status ?? .canceled
                throw PaymentErrors.notPayable(status) ?? PaymentErrors.inProgress
            }
            return .fresh(pending)
        }
    }

    /// Step 3: confirm the order and settle the payment together; if the order is no longer
    /// `new` (canceled meanwhile), nothing is written and the charge is refunded at once, or
    /// recorded as owed back when the provider cannot refund now.
    private func confirm(_ pending: Payment, reference: String, claim: IdempotencyClaim, logger: Logger)
        async throws -> [UInt8]
    {
        let store = store
        do {
            let (paid, bytes): (Payment, [UInt8])
            if let done = try await confirmAtOnce(pending, reference: reference, claim: claim) {
                (paid, bytes) = done
            } else {
                (paid, bytes) = try await database.transaction { tx in
                    guard try await orders.confirm(pending.orderID, on: tx),
                        let paid = try await store.settle(
                            pending.id, as: .paid, providerPaymentID: reference, at: Timestamp.now(), on: tx)
                    else { throw NotConfirmed() }
                    return (paid, try await claim.record(paid, on: tx))
                }
            }
            await orders.didConfirm(paid.orderID)
            await events.publish(PaymentSucceeded(payment: paid))
            PaymentMetrics.settled(.paid)
            return bytes
        } catch is NotConfirmed {
            let status =
                try await orders.order(id: pending.orderID, lines: false, on: database.sql)?.status ?? .canceled
            do {
                try await provider.refund(providerPaymentID: reference, amountCents: pending.amountCents)
            } catch {
                // Recorded as made and owed back, like the charge of a canceled paid order:
                // the payments.refunds job asks the provider again.
                logger.warning(
                    "refund of an interrupted charge not made; the payments.refunds job retries it",
                    metadata: ["payment_id": "\(pending.id)", "error": "\(error)"])
                _ = try await database.transaction { tx in
                    try await store.oweRefund(pending.id, providerPaymentID: reference, at: Timestamp.now(), on: tx)
                }
                throw PaymentErrors.orderChanged(to: status, refunded: false)
            }
            _ = try await settle(pending.id, as: .refunded, reference: reference)
            throw status == .confirmed ? PaymentErrors.alreadyPaid : PaymentErrors.orderChanged(to: status)
        }
    }

    /// Step 3 on PostgreSQL without an Idempotency-Key (whose answer would be a second
    /// statement) in one statement instead of a transaction of four round trips, bounded by the
    /// call's deadline (`StatementBudget`); nil, having written nothing, when the order is no
    /// longer `new` or the payment no longer `pending` (the transaction then finds out which),
    /// or without a budget.
    private func confirmAtOnce(_ pending: Payment, reference: String, claim: IdempotencyClaim) async throws
        -> (Payment, [UInt8])?
    {
        guard !claim.recordsAnswer, let budget = database.statementBudget() else { return nil }
        let orders = orders
        guard
            let paid = try await store.settlePaid(
                pending.id, providerPaymentID: reference,
                confirming: { orders.confirmClause(pending.orderID, when: $0) }, at: Timestamp.now(), within: budget,
                on: database.sql)
        else { return nil }
        return (paid, try await claim.record(paid, on: database.sql))
    }

    /// The order left `new`, or this payment stopped being `pending`, before step 3.
    private struct NotConfirmed: Error {}

    private func settle(_ id: Int64, as status: PaymentStatus, reference: String?) async throws -> Payment? {
        let store = store
        let settled = try await database.transaction { tx in
            try await store.settle(id, as: status, providerPaymentID: reference, at: Timestamp.now(), on: tx)
        }
        if settled != nil { PaymentMetrics.settled(status) }
        return settled
    }
}
