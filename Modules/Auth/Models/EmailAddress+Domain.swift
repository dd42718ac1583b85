import Kernel

extension EmailAddress {
    /// email-validator's checks of the part after the `@`, in its order; answers the domain in
    /// Unicode (as stored) and in ASCII (for the length limits).
    static func checkDomain(_ domain: String) throws(Invalid) -> (unicode: String, ascii: String) {
        let typed = Array(domain.unicodeScalars)
        guard !typed.isEmpty else { throw Invalid(reason: "There must be something after the @-sign.") }
        if typed.first == "[" && typed.last == "]" {
            throw Invalid(reason: "A bracketed IP address after the @-sign is not allowed here.")
        }
        let bad = typed.filter { !isHostnameScalar($0) }
        if !bad.isEmpty {
            throw Invalid(reason: "The part after the @-sign contains invalid characters: \(list(bad)).")
        }
        try checkSafe(typed)
        let ascii = DomainName.toASCII(domain)
        // When only ASCII is left once the labels are separated by periods, the domain maps to
        // itself (it is lower-case already) even if an `xn--` label does not decode, which
        // email-validator reports after the other checks.
        let separated = typed.map { labelSeparators.contains($0) ? "." : $0 }
        let plain = separated.allSatisfy(\.isASCII) ? String(String.UnicodeScalarView(separated)) : nil
        guard let unicode = (ascii == nil ? nil : mappedDomain(domain)) ?? plain else {
            try checkPeriodsAndHyphens(separated)
            throw idnaRefusal(typed)
        }
        let mapped = Array(unicode.unicodeScalars)
        let unmapped = mapped.filter { !isHostnameScalar($0) }
        if !unmapped.isEmpty {
            throw Invalid(
                reason:
                    "The part after the @-sign contains invalid characters after Unicode normalization: \(list(unmapped))."
            )
        }
        try checkPeriodsAndHyphens(mapped)
        let asciiDomain = ascii ?? unicode
        // email-validator encodes an ASCII domain itself, any other through the idna library.
        try checkLengths(asciiDomain, typed: domain, international: plain == nil && !mapped.allSatisfy(\.isASCII))
        guard asciiDomain.contains(".") else {
            throw Invalid(reason: "The part after the @-sign is not valid. It should have a period.")
        }
        // All top-level domains end with a letter (the domain is lower-case by now).
        guard let last = asciiDomain.unicodeScalars.last, ("a"..."z").contains(last) else {
            throw Invalid(reason: "The part after the @-sign is not valid. It is not within a valid top-level domain.")
        }
        if specialUseNames.contains(where: { asciiDomain == $0 || asciiDomain.hasSuffix("." + $0) }) {
            throw Invalid(
                reason: "The part after the @-sign is a special-use or reserved name that cannot be used with email.")
        }
        guard ascii != nil else {
            throw Invalid(reason: "The part after the @-sign is not valid IDNA (Invalid A-label).")
        }
        return (unicode, asciiDomain)
    }

    /// Domains that never receive mail (RFC 6761, 6762, 7686 and `arpa`), refused as the
    /// original's email-validator refuses them.
    private static let specialUseNames = ["arpa", "invalid", "local", "localhost", "onion", "test"]

    /// What separates labels before IDNA maps them to periods (the full stop, the ideographic
    /// one and their fullwidth and halfwidth forms).
    private static let labelSeparators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// Letters, digits, hyphens and periods (RFC 952), and anything beyond ASCII (RFC 6531).
    private static func isHostnameScalar(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII || isASCIIAlphanumeric(scalar) || scalar == "-" || scalar == "."
    }

    private static func checkPeriodsAndHyphens(_ domain: [Unicode.Scalar]) throws(Invalid) {
        let pairs = zip(domain, domain.dropFirst())
        if domain.last == "." { throw Invalid(reason: "An email address cannot end with a period.") }
        if domain.first == "." {
            throw Invalid(reason: "An email address cannot have a period immediately after the @-sign.")
        }
        if pairs.contains(where: { $0 == "." && $1 == "." }) {
            throw Invalid(reason: "An email address cannot have two periods in a row.")
        }
        if domain.last == "-" { throw Invalid(reason: "An email address cannot end with a hyphen.") }
        if domain.first == "-" {
            throw Invalid(reason: "An email address cannot have a hyphen immediately after the @-sign.")
        }
        if pairs.contains(where: { ($0 == "." && $1 == "-") || ($0 == "-" && $1 == ".") }) {
            throw Invalid(reason: "An email address cannot have a period and a hyphen next to each other.")
        }
        // RFC 5890: `ab--…` is reserved for other prefixes than the punycode one.
        let reserved = domain.split(separator: ".").contains { label in
            let head = Array(label.prefix(4))
            return head.count == 4 && head[2] == "-" && head[3] == "-" && !(head[0] == "x" && head[1] == "n")
        }
        if reserved {
            throw Invalid(
                reason:
                    "An email address cannot have two letters followed by two dashes immediately after the @-sign or "
                    + "after a period, except Punycode.")
        }
    }

    /// RFC 1035 limits on the ASCII form, with email-validator's wording: an international domain
    /// fails in the idna library first, on its labels.
    private static func checkLengths(_ ascii: String, typed: String, international: Bool) throws(Invalid) {
        let labelLimit = 63
        let domainLimit = 253
        let longest = ascii.split(separator: ".").map(\.utf8.count).max() ?? 0
        if international, longest > labelLimit {
            throw Invalid(reason: "The part after the @-sign is invalid (Label too long).")
        }
        let excess = ascii.utf8.count - domainLimit
        if excess > 0 {
            let reason =
                ascii == typed
                ? tooMany(excess) : "(\(excess) byte\(excess == 1 ? "" : "s") too many after IDNA encoding)"
            throw Invalid(reason: "The email address is too long after the @-sign \(reason).")
        }
        if longest > labelLimit {
            throw Invalid(
                reason:
                    "After the @-sign, periods cannot be separated by so many characters \(tooMany(longest - labelLimit))."
            )
        }
    }

    /// Why IDNA refuses a domain typed with characters beyond ASCII. email-validator quotes the
    /// idna library, which names the first code point it refuses; `DomainName` only answers
    /// whether it can map a name, so each character of the labels is tried alone.
    private static func idnaRefusal(_ domain: [Unicode.Scalar]) -> Invalid {
        for label in domain.split(whereSeparator: labelSeparators.contains)
        where !label.starts(with: "xn--".unicodeScalars) {
            let text = String(String.UnicodeScalarView(label))
            if let index = label.firstIndex(where: { !$0.isASCII && mappedDomain(String($0)) == nil }) {
                let hex = String(label[index].value, radix: 16, uppercase: true)
                let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                return Invalid(
                    reason: "The part after the @-sign is invalid (Codepoint U+\(code) at position "
                        + "\(index - label.startIndex + 1) of '\(text)' not allowed).")
            }
        }
        return Invalid(reason: "The part after the @-sign is invalid (Invalid A-label).")
    }
}
