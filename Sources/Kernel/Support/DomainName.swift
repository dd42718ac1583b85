import Foundation

/// International domain names as IDNA (UTS #46) maps them, close enough for URLs and e-mail
/// addresses: labels are lower-cased and NFKC-normalised (`ＥXAMPLE` is `example`), labels
/// with other than ASCII are spelt in punycode (`bücher` is `xn--bcher-kva`), and a label
/// already spelt so must decode to letters, digits and marks.
public enum DomainName {
    /// `name` with every label mapped and in ASCII; nil when a label cannot be.
    public static func toASCII(_ name: String) -> String? {
        // Repeated until stable: Foundation's normalisation can leave marks out of canonical
        // order after a decomposition, and lower-casing can undo it.
        var mapped = name
        for _ in 0..<4 {
            let next = mapped.lowercased().precomposedStringWithCompatibilityMapping.lowercased()
            if next.unicodeScalars.elementsEqual(mapped.unicodeScalars) { break }
            mapped = next
        }
        var labels: [String] = []
        // The ideographic full stop and its halfwidth form separate labels too (NFKC maps the
        // fullwidth one).
        for label in mapped.split(
            omittingEmptySubsequences: false, whereSeparator: { ".\u{3002}\u{FF61}".contains($0) })
        {
            if label.unicodeScalars.allSatisfy(\.isASCII) {
                if label.hasPrefix("xn--") {
                    guard unicodeLabel(label) != nil else { return nil }
                }
                labels.append(String(label))
            } else {
                guard !label.hasPrefix("xn--"), let encoded = Punycode.encode(label) else { return nil }
                labels.append("xn--" + encoded)
            }
        }
        return labels.joined(separator: ".")
    }

    /// `name` (as `toASCII` answers it) with its punycode labels decoded; nil when one does not
    /// decode.
    public static func toUnicode(_ name: String) -> String? {
        var labels: [String] = []
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            if label.hasPrefix("xn--") {
                guard let unicode = unicodeLabel(label) else { return nil }
                labels.append(unicode)
            } else {
                labels.append(String(label))
            }
        }
        return labels.joined(separator: ".")
    }

    /// The label an `xn--` label spells, when it is a valid one.
    private static func unicodeLabel(_ label: Substring) -> String? {
        guard let unicode = Punycode.decode(label.dropFirst(4)), !unicode.allSatisfy(\.isASCII),
            unicode.unicodeScalars.allSatisfy(isLabelScalar),
            Punycode.encode(Substring(unicode)).map { $0 == label.dropFirst(4) } == true
        else { return nil }
        return unicode
    }

    /// A letter, digit, mark or hyphen: what a label spelt in punycode may decode to.
    private static func isLabelScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "-" { return true }
        switch scalar.properties.generalCategory {
        case .lowercaseLetter, .modifierLetter, .otherLetter, .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default: return false
        }
    }
}
