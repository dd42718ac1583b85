/// The circuit breaker behind `Cache`, as a pure state machine (tested without I/O).
///
/// - closed: calls go to the store.
/// - open: after a failure, calls skip the store (a miss, a no-op) until `retryInterval` has
///   passed, so requests do not each wait for a timeout while the store is down.
/// - probing: the first call after the interval is the probe; the others keep skipping. The
///   probe first bumps every known namespace generation (see `Cache`), and only when that
///   succeeds does the circuit close.
///
/// `epoch` counts failures: a probe closes the circuit only if no failure happened since it
/// started, so a slow request that fails late is never hidden by an earlier success.
struct CacheCircuit: Sendable {
    enum Phase: Sendable, Equatable {
        case closed
        case open(until: ContinuousClock.Instant)
        case probing
    }

    enum Admission: Sendable, Equatable {
        case proceed
        case probe(epoch: Int)
        case skip
    }

    private(set) var phase: Phase = .closed
    private(set) var epoch = 0
    /// Every namespace handed out by `Cache.namespace`; all of them are bumped on recovery.
    var namespaces: Set<String> = []
    /// Whether `Cache` has a task probing the store until the circuit closes.
    var recovering = false
    private var lastWarning: ContinuousClock.Instant?
    private var suppressedWarnings = 0

    var isDegraded: Bool { phase != .closed }

    /// Whether a call may use the store. `force` (health checks) probes even while open.
    mutating func admit(now: ContinuousClock.Instant, force: Bool = false) -> Admission {
        switch phase {
        case .closed:
            return .proceed
        case .open(let until) where now < until && !force:
            return .skip
        case .probing where !force:
            return .skip
        case .open, .probing:
            phase = .probing
            return .probe(epoch: epoch)
        }
    }

    /// A probe that started at `epoch` succeeded; returns whether the circuit closed.
    mutating func probeSucceeded(epoch probeEpoch: Int) -> Bool {
        guard phase == .probing, probeEpoch == epoch else { return false }
        phase = .closed
        return true
    }

    /// A call failed: open the circuit.
    mutating func failed(now: ContinuousClock.Instant, retryInterval: Duration) {
        epoch += 1
        phase = .open(until: now + retryInterval)
    }

    /// Rate-limits warnings: returns how many were suppressed since the last one when a warning
    /// is due now, nil when this one should be suppressed.
    mutating func warningDue(now: ContinuousClock.Instant, interval: Duration) -> Int? {
        if let lastWarning, now - lastWarning < interval {
            suppressedWarnings += 1
            return nil
        }
        lastWarning = now
        defer { suppressedWarnings = 0 }
        return suppressedWarnings
    }
}
