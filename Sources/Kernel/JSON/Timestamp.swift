import Foundation

/// UTC timestamps as the API writes them: ISO-8601 with exactly six fraction digits and `Z`
/// (the original dropped the fraction at whole seconds and the zone on naive columns).
public enum Timestamp {
    /// The microseconds since 1970 that RFC 3339 can write: years 0001 to 9999.
    static let representable: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    /// `2026-11-25T12:34:19.636839Z`.
    ///
    /// An instant outside years 0001–9999 (a row written by hand or by a buggy client; RFC 3339
    /// and JSON Schema's `date-time` have no way to write it) is rendered as the first or last
    /// representable microsecond, so that one odd row cannot break every response that holds it.
    public static func format(_ date: Date) -> String {
        let micros = microseconds(date)
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let fractionText = String(fraction)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: 6 - fractionText.count) + fractionText + "Z"
    }

    /// `date` in whole microseconds since 1970, clamped to `representable` (NaN to its start).
    /// Compared as doubles first: converting a double beyond `Int64` to `Int64` traps.
    static func microseconds(_ date: Date) -> Int64 {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        if micros >= Double(representable.upperBound) { return representable.upperBound }
        if micros > Double(representable.lowerBound) { return Int64(micros) }
        return representable.lowerBound
    }

    /// Now, truncated to whole microseconds (the precision both databases keep), so a value
    /// read back compares equal to the one written.
    public static func now() -> Date {
        let micros = (Date().timeIntervalSince1970 * 1_000_000).rounded(.down)
        return Date(timeIntervalSince1970: micros / 1_000_000)
    }
}
