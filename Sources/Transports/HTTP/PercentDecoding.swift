/// Percent-decoding of URL components, byte by byte. Same results as Foundation's
/// `removingPercentEncoding` (nil for a malformed escape or bytes that are not UTF-8), without
/// the round trip through `NSString` that made query strings the costliest part of a cached
/// listing (`scripts/bench`).
enum PercentDecoding {
    /// `text` with `%XX` escapes decoded (and `+` as a space when `plusAsSpace`); nil when an
    /// escape is malformed or the result is not valid UTF-8.
    static func decode(_ text: Substring, plusAsSpace: Bool = false) -> String? {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "%"):
                guard index != utf8.endIndex, let high = hexValue(utf8[index]) else { return nil }
                utf8.formIndex(after: &index)
                guard index != utf8.endIndex, let low = hexValue(utf8[index]) else { return nil }
                utf8.formIndex(after: &index)
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// An HTML form or query-string component: `+` is a space, then escapes are decoded; a
    /// malformed component is kept as written (with its `+` still read as spaces).
    static func formComponent(_ text: Substring) -> String {
        if let decoded = decode(text, plusAsSpace: true) { return decoded }
        return String(text.map { $0 == "+" ? " " : $0 })
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
