import Testing

@testable import Auth

/// Reasons and normalised forms checked against pydantic 2.14's `EmailStr` (email-validator
/// 2.2); the whole address is lower-cased on top of what they do.
@Suite struct EmailAddressTests {
    static let specialUse =
        "The part after the @-sign is a special-use or reserved name that cannot be used with email."

    @Test(arguments: [
        ("  Carol@EXAMPLE.com ", "carol@example.com"),
        ("alice@example.com", "alice@example.com"),
        ("ALICE@Example.COM", "alice@example.com"),
        ("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"),
        ("Ünï@Exämple.com", "ünï@exämple.com"),
        ("o'brien@example.org", "o'brien@example.org"),
        ("\u{A0}a@x.com\u{3000}", "a@x.com"),
        ("snow☃@example.com", "snow☃@example.com"),
    ])
    func normalisesValidAddresses(raw: String, expected: String) throws {
        #expect(try EmailAddress.normalize(raw) == expected)
    }

    /// The domain as IDNA (UTS #46) maps it, kept in Unicode: one mailbox, one spelling.
    @Test(arguments: [
        ("dup1@\u{FF45}xample.com", "dup1@example.com"),  // fullwidth e
        ("dup2@xn--mnchen-3ya.de", "dup2@münchen.de"),
        ("dup2@münchen.de", "dup2@münchen.de"),
        ("a@XN--MNCHEN-3YA.DE", "a@münchen.de"),
        ("a@MÜNCHEN.de", "a@münchen.de"),
        ("z@xn--80ak6aa92e.com", "z@аррӏе.com"),
        ("z@example\u{3002}com", "z@example.com"),  // ideographic full stop
        ("z@example\u{FF0E}com", "z@example.com"),  // fullwidth full stop
        ("a@\u{FB00}.com", "a@ff.com"),
        ("a@faß.de", "a@faß.de"),
    ])
    func mapsDomainsThroughIDNA(raw: String, expected: String) throws {
        #expect(try EmailAddress.normalize(raw) == expected)
        #expect(EmailAddress.canonical(raw) == expected)
    }

    /// pydantic takes the address out of a "pretty" one itself; what its pattern misses,
    /// email-validator parses and refuses with its display-name reasons (each case checked
    /// against pydantic 2.13's `EmailStr`).
    @Test(arguments: [
        ("John Doe <John@Example.com>", "john@example.com"),
        (" \"Doe, John\" <a@b.io> ", "a@b.io"),
        ("John<a@b.io>", "a@b.io"),
        ("<a@b.io>", "a@b.io"),
        ("\"a\"b\" <x@y.io>", "x@y.io"),
        ("\"x\" \"y\" <a@b.io>", "a@b.io"),
        ("J. R. R. <t@x.io>", "t@x.io"),
        ("Jöhn Dœ <a@b.io>", "a@b.io"),
        ("x_y <a@b.io>", "a@b.io"),
        ("١٢ <a@b.io>", "a@b.io"),
        ("name<a@b.io> ", "a@b.io"),
        ("\u{A0}<a@b.io>\u{A0}", "a@b.io"),
    ])
    func takesTheAddressOutOfAPrettyOne(raw: String, expected: String) throws {
        #expect(try EmailAddress.normalize(raw) == expected)
    }

    @Test(arguments: [
        ("a <b> <c@d.com>", "The display name contains invalid characters when not quoted: '>'."),
        ("Jo,hn <a@b.io>", "The display name contains invalid characters when not quoted: ','."),
        ("\"\" <a@b.io>", "A display name and angle brackets around the email address are not permitted here."),
        ("name <<a@b.io>>", "A display name and angle brackets around the email address are not permitted here."),
        ("<a@b.io> x", "There can't be anything after the email address."),
        ("<>", "An email address must have an @-sign."),
        ("John <>", "An email address must have an @-sign."),
        (
            "\"q\" <a@b.io",
            "An open angle bracket at the start of the email address has to be followed by a close angle bracket at "
                + "the end."
        ),
    ])
    func refusesDisplayNamesAsEmailValidatorDoes(raw: String, reason: String) {
        #expect(throws: EmailAddress.Invalid(reason: reason)) { try EmailAddress.normalize(raw) }
    }

    @Test func unicodeFormsCollapseToOneAccount() throws {
        let composed = "\u{00FC}ser@example.com"  // ü
        let decomposed = "u\u{0308}ser@example.com"  // u + combining diaeresis
        #expect(
            try EmailAddress.normalize(composed).unicodeScalars.elementsEqual(
                try EmailAddress.normalize(decomposed).unicodeScalars))
    }

    @Test(arguments: [
        ("", "An email address must have an @-sign."),
        ("   ", "An email address must have an @-sign."),
        ("plainaddress", "An email address must have an @-sign."),
        ("a@b@example.com", "The part after the @-sign contains invalid characters: '@'."),
        ("a@@x.com", "The part after the @-sign contains invalid characters: '@'."),
        ("@example.com", "There must be something before the @-sign."),
        ("alice@", "There must be something after the @-sign."),
        ("alice@localhost", "The part after the @-sign is not valid. It should have a period."),
        ("a b@x.com", "The email address contains invalid characters before the @-sign: SPACE."),
        ("alice@exa mple.com", "The part after the @-sign contains invalid characters: SPACE."),
        ("alice\t@example.com", "The email address contains invalid characters before the @-sign: U+0009."),
        ("a\n@x.com", "Carriage return and line feed characters are not allowed"),
        ("a@x.com\r", "Carriage return and line feed characters are not allowed"),
        ("a(b]@x.com", "The email address contains invalid characters before the @-sign: '(', ']'."),
        ("a\\b@x.com", "The email address contains invalid characters before the @-sign: \"\\\"."),
        ("a\u{A0}b@x.com", "The email address contains unsafe characters: NO-BREAK SPACE."),
        ("a@x\u{200B}.com", "The email address contains unsafe characters: ZERO WIDTH SPACE."),
        (".alice@example.com", "An email address cannot start with a period."),
        ("alice.@example.com", "An email address cannot have a period immediately before the @-sign."),
        ("al..ice@example.com", "An email address cannot have two periods in a row."),
        ("al\"ice@example.com", "An email address must have an @-sign."),
        ("a\"b\"c@x.com", "The email address contains invalid characters before the @-sign: '\"'."),
        ("\"al ice\"@x.com", "Quoting the part before the @-sign is not allowed here."),
        ("\"a\"b@x.com", "Extra character(s) found after close quote: 'b'"),
        ("alice@.example.com", "An email address cannot have a period immediately after the @-sign."),
        ("alice@example.com.", "An email address cannot end with a period."),
        ("alice@example..com", "An email address cannot have two periods in a row."),
        ("alice@exam_ple.com", "The part after the @-sign contains invalid characters: '_'."),
        (
            "a@ex\u{FF3F}ample.com",
            "The part after the @-sign contains invalid characters after Unicode normalization: '_'."
        ),
        ("a@-x.com", "An email address cannot have a hyphen immediately after the @-sign."),
        ("a@x-.com", "An email address cannot have a period and a hyphen next to each other."),
        ("a@x.com-", "An email address cannot end with a hyphen."),
        (
            "a@ab--c.com",
            "An email address cannot have two letters followed by two dashes immediately after the @-sign or after a "
                + "period, except Punycode."
        ),
        ("a@[127.0.0.1]", "A bracketed IP address after the @-sign is not allowed here."),
        ("z@xn--zz.com", "The part after the @-sign is not valid IDNA (Invalid A-label)."),
        ("a@münchen.xn--de", "The part after the @-sign is invalid (Invalid A-label)."),
        ("a@☃.com", "The part after the @-sign is invalid (Codepoint U+2603 at position 1 of '☃' not allowed)."),
        ("alice@1.2.3.4", "The part after the @-sign is not valid. It is not within a valid top-level domain."),
        ("a@x.c1", "The part after the @-sign is not valid. It is not within a valid top-level domain."),
        ("a@example.test", Self.specialUse), ("a@mail.Local", Self.specialUse), ("a@x.onion", Self.specialUse),
        ("a@host.localhost", Self.specialUse), ("a@in-addr.arpa", Self.specialUse), ("a@b.invalid", Self.specialUse),
        ("a@xn--zz.test", Self.specialUse),
    ])
    func rejectsInvalidAddresses(raw: String, reason: String) {
        #expect(throws: EmailAddress.Invalid(reason: reason)) { try EmailAddress.normalize(raw) }
    }

    @Test func enforcesLengthLimits() throws {
        let local64 = String(repeating: "a", count: 64)
        #expect(try EmailAddress.normalize("\(local64)@example.com").count == 76)
        #expect(
            throws: EmailAddress.Invalid(
                reason: "The email address is too long before the @-sign (1 character too many).")
        ) {
            try EmailAddress.normalize("a\(local64)@example.com")
        }
        let label = String(repeating: "d", count: 63)
        #expect(
            throws: EmailAddress.Invalid(
                reason: "After the @-sign, periods cannot be separated by so many characters (1 character too many).")
        ) {
            try EmailAddress.normalize("a@\(label)d.com")
        }
        // 254 bytes in all is the most, and 253 after the @-sign (a 252 here).
        let domain = [label, label, label, String(repeating: "d", count: 56)].joined(separator: ".") + ".com"
        let longest = "a@" + domain
        #expect(try EmailAddress.normalize(longest).utf8.count == 254)
        #expect(throws: EmailAddress.Invalid(reason: "The email address is too long (1 character too many).")) {
            try EmailAddress.normalize("b" + longest)
        }
        #expect(throws: EmailAddress.Invalid(reason: "The email address is too long (2 characters too many).")) {
            try EmailAddress.normalize("bc" + longest)
        }
        #expect(
            throws: EmailAddress.Invalid(
                reason: "The email address is too long after the @-sign (1 character too many).")
        ) {
            try EmailAddress.normalize("a@dd" + domain)
        }
        #expect(throws: EmailAddress.Invalid(reason: "Length must not exceed 2048 characters")) {
            try EmailAddress.normalize(String(repeating: "a", count: 2049))
        }
    }

    @Test func canonicalFormIsWhatLoginLooksUp() {
        #expect(EmailAddress.canonical("  Alice@Example.COM\n") == "alice@example.com")
        #expect(EmailAddress.canonical("Dup2@XN--MNCHEN-3YA.de") == "dup2@münchen.de")
        #expect(EmailAddress.canonical("not an address") == "not an address")
        #expect(EmailAddress.canonical("a@xn--zz.com") == "a@xn--zz.com")
    }
}
