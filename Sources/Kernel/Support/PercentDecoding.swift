/// Percent-decoding of URL components, byte by byte, as Python's `urllib.parse.unquote` (which
/// Starlette and uvicorn use) and the URL standard do it: an escape that is not `%` and two hex
/// digits stays as written; in `decode`, bytes that are not UTF-8 become U+FFFD. Done here
/// rather than through Foundation's `NSString` round trip, which made query strings the
/// costliest part of a cached listing (`scripts/bench`).
public enum PercentDecoding {
    /// `text` with its `%XX` escapes decoded (and `+` as a space when `plusAsSpace`).
    public static func decode(_ text: Substring, plusAsSpace: Bool = false) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        return String(decoding: bytes(text, plusAsSpace: plusAsSpace), as: UTF8.self)
    }

    /// The bytes `text` stands for once its escapes are decoded, whether they are UTF-8 or not
    /// (an image URL's host must be; a query is read leniently).
    public static func bytes(_ text: Substring, plusAsSpace: Bool = false) -> [UInt8] {
        let utf8 = text.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "%"):
                let high = index != utf8.endIndex ? hexValue(utf8[index]) : nil
                let second = high == nil ? index : utf8.index(after: index)
                if let high, second != utf8.endIndex, let low = hexValue(utf8[second]) {
                    bytes.append(high << 4 | low)
                    index = utf8.index(after: second)
                } else {
                    bytes.append(byte)
                }
            case UInt8(ascii: "+") where plusAsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return bytes
    }

    /// An HTML form or query-string component: `+` is a space, then escapes are decoded.
    public static func formComponent(_ text: Substring) -> String {
        decode(text, plusAsSpace: true)
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
