import Foundation

/// The base64url of JWT segments (RFC 7515 §2: unpadded, and only its canonical spelling).
enum Base64URL {
    /// Decodes unpadded canonical base64url; nil when it is not.
    static func decode(_ text: Substring) -> Data? {
        guard isCanonical(text) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    /// True when `text` is the one base64url spelling of some bytes: only `A-Z a-z 0-9 - _`, no
    /// padding, a length a whole number of bytes can have, and the bits of the last character
    /// that encode no byte all zero (`…Q` and `…R` would otherwise decode alike).
    static func isCanonical(_ text: Substring) -> Bool {
        var last: UInt8 = 0
        for byte in text.utf8 {
            guard let value = sextet(byte) else { return false }
            last = value
        }
        switch text.utf8.count % 4 {
        case 0: return true
        case 2: return last & 0b1111 == 0
        case 3: return last & 0b11 == 0
        default: return false
        }
    }

    /// The six bits a base64url character stands for.
    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
