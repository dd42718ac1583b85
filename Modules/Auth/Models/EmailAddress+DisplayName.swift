extension EmailAddress {
    /// The address inside a "pretty" one (`John Doe <john@x.io>`, `"Doe, John" <john@x.io>`),
    /// found as pydantic's `validate_email` finds it before email-validator sees the input: its
    /// pattern `\s*(?:(N+(?:\s+N+)*)|"((?:[^"]|")+)")?\s*<(.+)>\s*` must match the whole text,
    /// where `N` is a word character or one of `.!#$%&'*+-/=?^_`{|}~`. Nil when it does not.
    static func prettyAddress(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        while start < scalars.count, isPythonWhitespace(scalars[start]) { start += 1 }
        var end = scalars.count
        while end > start, isPythonWhitespace(scalars[end - 1]) { end -= 1 }
        guard end - start >= 3, scalars[end - 1] == ">" else { return nil }
        let close = end - 1
        // `(.+)` is greedy: the address runs from the `<` to the last `>`, and is not empty.
        func address(after open: Int) -> String? {
            open + 1 < close ? String(String.UnicodeScalarView(scalars[(open + 1)..<close])) : nil
        }
        let first = scalars[start]
        if first == "<" { return address(after: start) }
        if isNameCharacter(first) {
            // Words and spaces up to the first `<`; the pattern's alternatives tried after this
            // one cannot start with a word character.
            guard let open = scalars[start..<close].firstIndex(of: "<"),
                scalars[start..<open].allSatisfy({ isNameCharacter($0) || isPythonWhitespace($0) })
            else { return nil }
            return address(after: open)
        }
        guard first == "\"" else { return nil }
        // A quoted name holds anything, the greediest closing quote first.
        for quote in stride(from: close - 1, to: start + 1, by: -1) where scalars[quote] == "\"" {
            var open = quote + 1
            while open < close, isPythonWhitespace(scalars[open]) { open += 1 }
            if open < close, scalars[open] == "<", let address = address(after: open) { return address }
        }
        return nil
    }

    /// The address split as email-validator's `split_email` splits it: at its first `@` or `<`
    /// outside double quotes; with a `<`, what comes before is a display name (checked here, in
    /// email-validator's words) and the address is what the angle brackets hold.
    static func splitDisplayed(_ email: String) throws(Invalid) -> (displayName: String?, local: String, domain: String)
    {
        let scalars = Array(email.unicodeScalars)
        guard let special = firstUnquoted(of: ["@", "<"], in: scalars[...]) else {
            throw Invalid(reason: "An email address must have an @-sign.")
        }
        guard scalars[special] == "<" else {
            return (nil, text(scalars[..<special]), text(scalars[(special + 1)...]))
        }
        var name = scalars[..<special]
        while let last = name.last, isPythonWhitespace(last) { name.removeLast() }
        let quoted = name.first == "\""
        let displayName = quoted ? try unquoted(text(name)) : Array(name)
        if !quoted {
            let bad = displayName.filter {
                $0 == "." || !(isASCIIAlphanumeric($0) || atomSymbols.contains($0) || $0 == " ")
            }
            if !bad.isEmpty {
                throw Invalid(reason: "The display name contains invalid characters when not quoted: \(list(bad)).")
            }
        }
        try checkSafe(displayName, allowingSpaces: true)
        var bracketed = scalars[special...]
        guard bracketed.contains(">") else {
            throw Invalid(
                reason: "An open angle bracket at the start of the email address has to be followed by a close angle "
                    + "bracket at the end.")
        }
        while bracketed.last == " " { bracketed.removeLast() }
        guard bracketed.last == ">" else { throw Invalid(reason: "There can't be anything after the email address.") }
        var address = bracketed.dropFirst()
        while address.last == ">" { address.removeLast() }
        guard let at = firstUnquoted(of: ["@"], in: address) else {
            throw Invalid(reason: "An email address must have an @-sign.")
        }
        return (text(displayName[...]), text(address[..<at]), text(address[(at + 1)...]))
    }

    /// The index of the first of `specials` outside double quotes (a backslash escapes inside
    /// them), or nil.
    static func firstUnquoted(of specials: Set<Unicode.Scalar>, in scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        var inQuotes = false
        var escaped = false
        for index in scalars.indices {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\\" && !escaped {
                    escaped = true
                } else {
                    if scalar == "\"" && !escaped { inQuotes = false }
                    escaped = false
                }
            } else if scalar == "\"" {
                inQuotes = true
            } else if specials.contains(scalar) {
                return index
            }
        }
        return nil
    }

    static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(scalars))
    }

    /// Python's `\w` (a letter or number of any script, or `_`) or one of pydantic's name symbols.
    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return nameSymbols.contains(scalar)
        }
    }

    private static let nameSymbols = Set("_.!#$%&'*+-/=?^`{|}~".unicodeScalars)
}
