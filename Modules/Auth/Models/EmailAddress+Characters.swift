extension EmailAddress {
    /// A character as email-validator shows it in a reason: quoted when it is a letter, number,
    /// punctuation or symbol (`'@'`, `"\"`), otherwise by its Unicode name (`SPACE`) or, when it
    /// has none, its code (`U+000A`).
    static func display(_ scalar: Unicode.Scalar) -> String {
        if scalar == "\\" { return "\"\\\"" }
        if isVisible(scalar) { return scalar == "'" ? "\"'\"" : "'\(scalar)'" }
        if let name = scalar.properties.name { return name }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let width = scalar.value < 0xFFFF ? 4 : 8
        return "U+" + String(repeating: "0", count: max(0, width - hex.count)) + hex
    }

    /// The distinct characters of `scalars` as email-validator lists them (sorted as shown).
    static func list(_ scalars: [Unicode.Scalar]) -> String {
        Set(scalars.map(display)).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            .joined(separator: ", ")
    }

    /// `(1 character too many)`, `(2 characters too many)`.
    static func tooMany(_ count: Int) -> String {
        "(\(count) character\(count == 1 ? "" : "s") too many)"
    }

    /// Refuses what email-validator calls unsafe: controls, format and unassigned code points,
    /// line and paragraph separators, spaces (unless allowed) and a combining mark first.
    static func checkSafe(_ scalars: [Unicode.Scalar], allowingSpaces: Bool = false) throws(Invalid) {
        var unsafe = Set<Unicode.Scalar>()
        for (index, scalar) in scalars.enumerated() where !isVisible(scalar) {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: if index == 0 { unsafe.insert(scalar) }
            case .spaceSeparator: if !allowingSpaces { unsafe.insert(scalar) }
            default: unsafe.insert(scalar)
            }
        }
        guard unsafe.isEmpty else {
            throw Invalid(
                reason: "The email address contains unsafe characters: "
                    + unsafe.sorted().map(display).joined(separator: ", ") + ".")
        }
    }

    /// `a`–`z`, `A`–`Z` or `0`–`9`.
    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// A letter, number, punctuation mark or symbol (Unicode categories L, N, P and S).
    private static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
