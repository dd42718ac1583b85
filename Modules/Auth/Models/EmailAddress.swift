import Foundation
import Kernel

/// E-mail address validation and normalisation for accounts, as pydantic's `EmailStr` (with
/// email-validator 2.2) checks an address, with its reasons word for word.
///
/// The original kept the local part as typed, so `Alice@x.io` and `alice@x.io` were two
/// accounts and logging in needed the exact stored spelling. Here the whole address is trimmed,
/// lower-cased and NFC-normalised, and the domain is mapped through IDNA (UTS #46) and kept in
/// its Unicode form as email-validator keeps it (`Bob@XN--Mnchen-3ya.DE` is `bob@münchen.de`),
/// so uniqueness and login are case-insensitive and one mailbox is one account.
public enum EmailAddress {
    /// The widest address stored (the column's width); no valid address is this long.
    public static let maxLength = 320
    /// The longest local part, in characters (RFC 5321).
    public static let maxLocalLength = 64
    /// The longest address, in UTF-8 bytes (RFC 5321 path limit, as email-validator counts it).
    static let maxBytes = 254
    /// The longest input pydantic looks at.
    static let maxInputLength = 2048

    /// Why an address was refused, phrased like Python's email-validator (which FastAPI used).
    public struct Invalid: Error, Sendable, Equatable {
        /// The human reason, e.g. `An email address must have an @-sign.`
        public var reason: String
    }

    /// The canonical form used for storage, uniqueness and lookup, without validation
    /// (login normalises what it is given the same way, then simply finds no account).
    /// `canonical(canonical(x)) == canonical(x)`, and `normalize` answers this form.
    public static func canonical(_ raw: String) -> String {
        let email = folded(raw)
        guard let (local, domain) = try? split(email) else { return email }
        return local + "@" + (mappedDomain(domain) ?? domain)
    }

    /// The canonical form of a valid address, or why it is not valid.
    public static func normalize(_ raw: String) throws(Invalid) -> String {
        // pydantic's own checks, before it strips the input and hands it to email-validator.
        guard raw.unicodeScalars.count <= maxInputLength else {
            throw Invalid(reason: "Length must not exceed \(maxInputLength) characters")
        }
        guard !raw.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw Invalid(reason: "Carriage return and line feed characters are not allowed")
        }
        let email = folded(prettyAddress(raw) ?? raw)
        let (displayName, local, domain) = try splitDisplayed(email)
        try checkLocal(local)
        let mapped = try checkDomain(domain)
        try checkLength(
            local + "@" + domain, normalized: local + "@" + mapped.unicode, ascii: local + "@" + mapped.ascii)
        // The last syntax check, as in email-validator (pydantic does not allow display names
        // it has not taken off itself).
        if displayName != nil {
            throw Invalid(reason: "A display name and angle brackets around the email address are not permitted here.")
        }
        return local + "@" + mapped.unicode
    }

    /// The address within 254 bytes of UTF-8 as given (folded), as stored and with its domain in
    /// ASCII, in email-validator's words.
    private static func checkLength(_ original: String, normalized: String, ascii: String) throws(Invalid) {
        let forms = [
            (original, nil), (normalized, "after normalization"),
            (ascii, "when the part after the @-sign is converted to IDNA ASCII"),
        ]
        for (address, when) in forms {
            let excess = address.utf8.count - maxBytes
            guard excess > 0 else { continue }
            let characters = address.unicodeScalars.count
            let reason: String
            if let when {
                reason = "\(when) (\(excess) byte\(excess == 1 ? "" : "s") too many)"
            } else if characters == address.utf8.count {
                reason = tooMany(excess)
            } else {
                // Some characters take several bytes: at least this many of them are too many.
                let widest = address.unicodeScalars.map { UTF8.width($0) }.max() ?? 1
                let fewest = max(1, excess / widest)
                reason = fewest == excess ? tooMany(excess) : "(\(fewest)-\(excess) characters too many)"
            }
            throw Invalid(reason: "The email address is too long \(reason).")
        }
    }

    /// Trimmed as Python's `str.strip` trims, lower-cased, then NFC-normalised: lower-casing
    /// can leave marks out of canonical order (`İ̧` becomes `i̧̇`), so normalising comes last.
    static func folded(_ raw: String) -> String {
        let lowered = raw.trimmingCharacters(in: pythonWhitespace).lowercased()
        return settled(lowered) { $0.precomposedStringWithCanonicalMapping } ?? lowered
    }

    /// The domain as IDNA maps it, in Unicode (`ｅxample。com` is `example.com`); nil when it
    /// cannot be mapped.
    static func mappedDomain(_ domain: String) -> String? {
        settled(domain) { DomainName.toASCII($0).flatMap(DomainName.toUnicode) }
    }

    /// `transform` applied until it changes nothing more, or nil when it cannot be applied at
    /// all. Foundation's normalisations do not put the marks a decomposition produces in
    /// canonical order (NFC of `iཱི̇` needs a second pass), so one pass is not always final.
    private static func settled(_ text: String, _ transform: (String) -> String?) -> String? {
        guard var current = transform(text) else { return nil }
        for _ in 0..<3 {
            guard let next = transform(current), !next.unicodeScalars.elementsEqual(current.unicodeScalars) else {
                break
            }
            current = next
        }
        return current
    }

    /// What Python's `str.strip()` removes (Foundation's whitespace differs: it has U+200B but
    /// not U+001C–U+001F).
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        pythonWhitespace.contains(scalar)
    }

    private static let pythonWhitespace = CharacterSet(
        charactersIn: "\t\n\u{0B}\u{0C}\r\u{1C}\u{1D}\u{1E}\u{1F} \u{85}\u{A0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}"
            + "\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}")

    /// The address split at its first `@` outside double quotes, as email-validator splits it
    /// (so `a"b@c"@x.com` has the local part `a"b@c"`, refused later).
    static func split(_ email: String) throws(Invalid) -> (local: String, domain: String) {
        let scalars = Array(email.unicodeScalars)
        guard let at = firstUnquoted(of: ["@"], in: scalars[...]) else {
            throw Invalid(reason: "An email address must have an @-sign.")
        }
        return (text(scalars[..<at]), text(scalars[(at + 1)...]))
    }
}
