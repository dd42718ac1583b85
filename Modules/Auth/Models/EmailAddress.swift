import Foundation

/// E-mail address validation and normalisation for accounts.
///
/// The original kept the local part as typed, so `Alice@x.io` and `alice@x.io` were two
/// accounts and logging in needed the exact stored spelling. Here the whole address is trimmed,
/// NFC-normalised and lower-cased, so uniqueness and login are case-insensitive.
public enum EmailAddress {
    /// The longest address accepted (RFC 5321 path limit, and the column's width).
    public static let maxLength = 320
    /// The longest local part (RFC 5321).
    public static let maxLocalLength = 64

    /// Why an address was refused, phrased like Python's email-validator (which FastAPI used).
    public struct Invalid: Error, Sendable, Equatable {
        /// The human reason, e.g. `An email address must have an @-sign.`
        public var reason: String
    }

    /// The canonical form used for storage, uniqueness and lookup, without validation
    /// (login normalises what it is given the same way, then simply finds no account).
    public static func canonical(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping.lowercased()
    }

    /// The canonical form of a valid address, or why it is not valid.
    public static func normalize(_ raw: String) throws(Invalid) -> String {
        let email = canonical(raw)
        guard !email.isEmpty else { throw Invalid(reason: "The email address is empty.") }
        let length = email.unicodeScalars.count
        guard length <= maxLength else {
            throw Invalid(reason: "The email address is too long (\(length - maxLength) characters too many).")
        }
        if let bad = email.unicodeScalars.first(where: {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control
        }) {
            throw Invalid(reason: "The email address contains invalid characters: \(describe(bad)).")
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count > 1 else { throw Invalid(reason: "An email address must have an @-sign.") }
        guard parts.count == 2 else {
            throw Invalid(reason: "The email address contains invalid characters before the @-sign: '@'.")
        }
        try checkLocal(parts[0])
        try checkDomain(parts[1])
        return email
    }

    private static func checkLocal(_ local: Substring) throws(Invalid) {
        guard !local.isEmpty else { throw Invalid(reason: "There must be something before the @-sign.") }
        let length = local.unicodeScalars.count
        guard length <= maxLocalLength else {
            throw Invalid(
                reason:
                    "The email address is too long before the @-sign (\(length - maxLocalLength) characters too many).")
        }
        if local.hasPrefix(".") { throw Invalid(reason: "An email address cannot start with a period.") }
        if local.hasSuffix(".") {
            throw Invalid(reason: "An email address cannot have a period immediately before the @-sign.")
        }
        if local.contains("..") { throw Invalid(reason: "An email address cannot have two periods in a row.") }
        // RFC 5322 dot-atom text, plus non-ASCII letters and digits (RFC 6531).
        let special = Set("!#$%&'*+-/=?^_`{|}~.".unicodeScalars)
        if let bad = local.unicodeScalars.first(where: { !(isLetterOrDigit($0) || special.contains($0)) }) {
            throw Invalid(reason: "The email address contains invalid characters before the @-sign: \(describe(bad)).")
        }
    }

    private static func checkDomain(_ domain: Substring) throws(Invalid) {
        guard !domain.isEmpty else { throw Invalid(reason: "There must be something after the @-sign.") }
        if domain.hasPrefix(".") {
            throw Invalid(reason: "An email address cannot have a period immediately after the @-sign.")
        }
        if domain.hasSuffix(".") { throw Invalid(reason: "An email address cannot end with a period.") }
        if domain.contains("..") { throw Invalid(reason: "An email address cannot have two periods in a row.") }
        if let bad = domain.unicodeScalars.first(where: { !(isLetterOrDigit($0) || $0 == "-" || $0 == ".") }) {
            throw Invalid(reason: "The part after the @-sign contains invalid characters: \(describe(bad)).")
        }
        let labels = domain.split(separator: ".")
        guard labels.count > 1 else {
            throw Invalid(reason: "The part after the @-sign is not valid. It should have a period.")
        }
        for label in labels {
            if label.hasPrefix("-") || label.hasSuffix("-") {
                throw Invalid(reason: "The part after the @-sign cannot have a hyphen at the start or end of a label.")
            }
            if label.unicodeScalars.count > 63 {
                throw Invalid(reason: "The part after the @-sign is not valid. A label is longer than 63 characters.")
            }
        }
        if let tld = labels.last, tld.allSatisfy(\.isNumber) {
            throw Invalid(reason: "The part after the @-sign is not valid. It is not within a valid top-level domain.")
        }
        let lowered = domain.lowercased()
        if specialUseNames.contains(where: { lowered == $0 || lowered.hasSuffix("." + $0) }) {
            throw Invalid(
                reason: "The part after the @-sign is a special-use or reserved name that cannot be used with email.")
        }
    }

    /// Domains that never receive mail (RFC 6761, 6762, 7686 and `arpa`), refused as the
    /// original's email-validator refuses them.
    private static let specialUseNames = ["arpa", "invalid", "local", "localhost", "onion", "test"]

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        let category = scalar.properties.generalCategory
        switch category {
        case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .nonspacingMark, .spacingMark:
            return true
        default:
            return false
        }
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar == " " { return "SPACE" }
        if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace {
            return "U+" + String(scalar.value, radix: 16, uppercase: true)
        }
        return "'\(scalar)'"
    }
}
