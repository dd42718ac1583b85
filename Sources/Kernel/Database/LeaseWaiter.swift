import Synchronization

/// One statement's wait for a pooled connection (`PostgresHeartbeat.leasing`): its outcome is
/// the statement's result, or a refusal that came while it still waited; whichever is first.
final class LeaseWaiter<T: Sendable>: Sendable {
    private enum Phase {
        case waiting
        case leased
        case refused(DatabaseUnavailableError)
    }

    private let phase = Mutex(Phase.waiting)
    private let race = Race<T>()

    /// Called with the connection in hand: from now on the statement runs to its end. Throws
    /// the refusal when one came first, so that nothing is sent.
    func leased() throws {
        try phase.withLock { phase throws(DatabaseUnavailableError) in
            if case .refused(let refusal) = phase { throw refusal }
            phase = .leased
        }
    }

    /// Refuses the statement if it is still waiting for its connection; true if it was.
    @discardableResult
    func refuse(_ refusal: DatabaseUnavailableError) -> Bool {
        let refused = phase.withLock { phase in
            guard case .waiting = phase else { return false }
            phase = .refused(refusal)
            return true
        }
        if refused { race.finish(.failure(refusal)) }
        return refused
    }

    /// Records the outcome unless one is known already.
    func finish(_ outcome: Result<T, any Error>) {
        race.finish(outcome)
    }

    /// The first outcome, once there is one.
    func result() async throws -> T {
        try await race.wait()
    }
}
