import Foundation
import Testing

@testable import Kernel

/// A reading of the server's clock names later moments on it from this process's monotonic
/// clock, never later than the server's clock can show then.
@Suite struct DatabaseClockTests {
    @Test func aMomentIsNamedAtTheEarliestTheReadingAllows() {
        let sent = ContinuousClock.now
        let server = Date(timeIntervalSince1970: 1_000_000)
        let clock = DatabaseClock(server: server, sent: sent, answered: sent + .milliseconds(100))
        #expect(clock.uncertainty == .milliseconds(50))
        #expect(clock.takenAt == sent + .milliseconds(50))
        // Read between 0 and 100 ms after `sent`: one second after `sent` the server shows at
        // least 900 ms past its reading.
        let later = clock.earliest(at: sent + .seconds(1)).timeIntervalSince(server)
        #expect(abs(later - 0.9) < 1e-6)
    }

    @Test func anAnswerBeforeItsQuestionCountsAsInstant() {
        let sent = ContinuousClock.now
        let clock = DatabaseClock(server: Date(), sent: sent, answered: sent - .milliseconds(5))
        #expect(clock.uncertainty == .zero)
        #expect(clock.takenAt == sent)
    }
}
