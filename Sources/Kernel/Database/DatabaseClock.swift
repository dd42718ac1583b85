import Foundation

/// The database server's wall clock against this process's, from one reading of
/// `clock_timestamp()` (the heartbeat takes one a second): what `StatementBudget` needs to name
/// a moment on the server's clock without trusting the two clocks to agree.
struct DatabaseClock: Sendable, Equatable {
    /// The server's time minus this process's, at the midpoint of the reading's round trip.
    let offset: TimeInterval
    /// Half that round trip: the server read its clock within `offset ± uncertainty` of it.
    let uncertainty: TimeInterval
    /// When the reading was taken, for its age.
    let takenAt: ContinuousClock.Instant

    /// The reading of `server`, asked at `sent` and answered at `answered` (this process's clock).
    init(server: Date, sent: Date, answered: Date, takenAt: ContinuousClock.Instant = .now) {
        let halfTrip = max(0, answered.timeIntervalSince(sent)) / 2
        offset = server.timeIntervalSince(sent) - halfTrip
        uncertainty = halfTrip
        self.takenAt = takenAt
    }

    /// The earliest the server's clock can show at the moment `local` shows here.
    func earliest(at local: Date) -> Date {
        local.addingTimeInterval(offset - uncertainty)
    }
}
