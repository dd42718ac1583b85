extension EmailAddress {
    /// email-validator's checks of the part before the `@`, in its order.
    static func checkLocal(_ typed: String) throws(Invalid) {
        let quoted = typed.unicodeScalars.first == "\""
        let local = quoted ? try unquoted(typed) : Array(typed.unicodeScalars)
        guard !local.isEmpty else { throw Invalid(reason: "There must be something before the @-sign.") }
        guard local.count <= maxLocalLength else {
            throw Invalid(
                reason: "The email address is too long before the @-sign \(tooMany(local.count - maxLocalLength)).")
        }
        if isDotAtom(local, international: false) {
            // Plain ASCII: nothing more to check.
        } else if isDotAtom(local, international: true) {
            try checkSafe(local)
        } else if quoted {
            let bad = local.filter { !(0x20...0x7E).contains($0.value) && $0.value < 0x80 }
            if !bad.isEmpty {
                throw Invalid(
                    reason: "The email address contains invalid characters in quotes before the @-sign: \(list(bad)).")
            }
            try checkSafe(local, allowingSpaces: true)
        } else {
            let bad = local.filter { !isAtom($0, international: true) && $0 != "." }
            if !bad.isEmpty {
                throw Invalid(reason: "The email address contains invalid characters before the @-sign: \(list(bad)).")
            }
            if local.last == "." {
                throw Invalid(reason: "An email address cannot have a period immediately before the @-sign.")
            }
            if local.first == "." { throw Invalid(reason: "An email address cannot start with a period.") }
            throw Invalid(reason: "An email address cannot have two periods in a row.")
        }
        if quoted { throw Invalid(reason: "Quoting the part before the @-sign is not allowed here.") }
    }

    /// The text of a quoted local part, backslash escapes undone.
    static func unquoted(_ typed: String) throws(Invalid) -> [Unicode.Scalar] {
        let scalars = Array(typed.unicodeScalars)
        var text: [Unicode.Scalar] = []
        var escaped = false
        for (index, scalar) in scalars.enumerated().dropFirst() {
            if escaped {
                text.append(scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "\"" {
                guard index == scalars.count - 1 else {
                    let rest = scalars[(index + 1)...].map(display).joined(separator: ", ")
                    throw Invalid(reason: "Extra character(s) found after close quote: \(rest)")
                }
                break
            } else {
                text.append(scalar)
            }
        }
        return text
    }

    /// RFC 5322 `atext` (RFC 6531 adds everything beyond ASCII).
    private static func isAtom(_ scalar: Unicode.Scalar, international: Bool) -> Bool {
        if scalar.value >= 0x80 { return international }
        return isASCIIAlphanumeric(scalar) || atomSymbols.contains(scalar)
    }

    static let atomSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    /// Atoms separated by single periods (RFC 5322 `dot-atom-text`).
    private static func isDotAtom(_ text: [Unicode.Scalar], international: Bool) -> Bool {
        text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { isAtom($0, international: international) }
        }
    }
}
