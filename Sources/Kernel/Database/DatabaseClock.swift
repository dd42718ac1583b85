import Foundation

/// The database server's wall clock, from one reading of `clock_timestamp()` (the heartbeat
/// takes one a second), tied to this process's monotonic clock: what `StatementBudget` needs to
/// name a moment on the server's clock without trusting the two wall clocks to agree, nor this
/// one not to be stepped.
struct DatabaseClock: Sendable, Equatable {
    /// What the server's clock showed.
    let server: Date
    /// The midpoint of the reading's round trip here.
    let takenAt: ContinuousClock.Instant
    /// Half that round trip: the server read its clock within this of `takenAt`.
    let uncertainty: Duration

    /// The reading `server`, asked at `sent` and answered at `answered`.
    init(server: Date, sent: ContinuousClock.Instant, answered: ContinuousClock.Instant) {
        self.server = server
        uncertainty = max(.zero, sent.duration(to: answered)) / 2
        takenAt = sent + uncertainty
    }

    /// The earliest the server's clock can show at `instant`.
    func earliest(at instant: ContinuousClock.Instant) -> Date {
        server.addingTimeInterval((takenAt.duration(to: instant) - uncertainty).milliseconds / 1000)
    }
}
