import Synchronization

/// One statement's wait for a pooled connection (`PostgresHeartbeat.leasing`): its outcome is
/// the statement's result, or a refusal that came while it still waited; whichever is first.
final class LeaseWaiter<T: Sendable>: Sendable {
    private enum Phase {
        case waiting
        case leased
        case refused(DatabaseUnavailableError)
    }

    private struct State {
        var phase = Phase.waiting
        var outcome: Result<T, any Error>?
        var waiter: CheckedContinuation<T, any Error>?
    }

    private let state = Mutex(State())

    /// Called with the connection in hand: from now on the statement runs to its end. Throws
    /// the refusal when one came first, so that nothing is sent.
    func leased() throws {
        try state.withLock { state throws(DatabaseUnavailableError) in
            if case .refused(let refusal) = state.phase { throw refusal }
            state.phase = .leased
        }
    }

    /// Refuses the statement if it is still waiting for its connection; true if it was.
    @discardableResult
    func refuse(_ refusal: DatabaseUnavailableError) -> Bool {
        let refused = state.withLock { state in
            guard case .waiting = state.phase else { return false }
            state.phase = .refused(refusal)
            return true
        }
        if refused { finish(.failure(refusal)) }
        return refused
    }

    /// Records the outcome unless one is known already, and hands it to the waiter.
    func finish(_ outcome: Result<T, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard state.outcome == nil else { return nil }
            state.outcome = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: outcome)
    }

    /// The first outcome, once there is one.
    func result() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let known = state.withLock { state -> Result<T, any Error>? in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            if let known { continuation.resume(with: known) }
        }
    }
}
