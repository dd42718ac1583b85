/// When the call being served will have been answered 503 for taking too long: `withTimeout`
/// sets it for its body (both transports run every call in one), nested calls keep the
/// earliest.
///
/// A write that must not outlive its answer can ask how long it may still take
/// (`statementBudget`) and make the database enforce it, where a transaction would cost two
/// more round trips (see `OrderStore.insertCheckout`).
public struct RequestDeadline: Sendable {
    /// The moment of the 503.
    public let instant: ContinuousClock.Instant
    /// Kept back from the budget for what follows a statement's end: its commit, the answer's
    /// way back, the caller's clock against the database's. A fifth of the timeout, at most a
    /// second.
    public let margin: Duration

    @TaskLocal public static var current: RequestDeadline?

    init(after timeout: Duration) {
        instant = ContinuousClock.now + timeout
        margin = min(.seconds(1), timeout / 5)
    }

    /// How long a statement sent now may run so that it ends, committed, before the 503 of the
    /// call being served; nil outside a call with a deadline, or when too little time is left.
    public static func statementBudget() -> Duration? {
        guard let deadline = current else { return nil }
        let budget = ContinuousClock.now.duration(to: deadline.instant) - deadline.margin
        return budget > .milliseconds(10) ? budget : nil
    }
}
