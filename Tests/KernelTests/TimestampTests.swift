import Foundation
import Kernel
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000000Z"),
        (1_795_609_059.636839, "2026-11-25T12:17:39.636839Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500000Z"),
        (-1.000001, "1969-12-31T23:59:58.999999Z"),
        (4_102_444_799.999999, "2099-12-31T23:59:59.999999Z"),
    ])
    func formatsUTCWithSixFractionDigits(seconds: Double, expected: String) {
        #expect(Timestamp.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    /// Instants RFC 3339 cannot write (such as a generated row dated 1777 BC, or one so far off
    /// that its microseconds overflow `Int64`) render as the nearest one it can, without trapping.
    @Test(arguments: [
        (-62_135_596_800.0, "0001-01-01T00:00:00.000000Z"),
        (-120_000_000_000.0, "0001-01-01T00:00:00.000000Z"),
        (-12_000_000_000_000.0, "0001-01-01T00:00:00.000000Z"),
        (-Double.infinity, "0001-01-01T00:00:00.000000Z"),
        (Double.nan, "0001-01-01T00:00:00.000000Z"),
        (253_402_300_799.0, "9999-12-31T23:59:59.000000Z"),
        (253_402_300_800.0, "9999-12-31T23:59:59.999999Z"),
        (1e20, "9999-12-31T23:59:59.999999Z"),
        (Double.infinity, "9999-12-31T23:59:59.999999Z"),
    ])
    func clampsToTheYearsRFC3339CanWrite(seconds: Double, expected: String) {
        #expect(Timestamp.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func nowIsWholeMicroseconds() {
        let now = Timestamp.now().timeIntervalSince1970 * 1_000_000
        #expect(abs(now - now.rounded()) < 0.01)
    }
}
