import Testing

@testable import Auth

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
    ])
    func normalisesValidAddresses(raw: String, expected: String) throws {
        #expect(try EmailAddress.normalize(raw) == expected)
    }

    @Test func unicodeFormsCollapseToOneAccount() throws {
        let composed = "\u{00FC}ser@example.com"  // ü
        let decomposed = "u\u{0308}ser@example.com"  // u + combining diaeresis
        #expect(
            try EmailAddress.normalize(composed).unicodeScalars.elementsEqual(
                try EmailAddress.normalize(decomposed).unicodeScalars))
    }

    @Test(arguments: [
        ("", "The email address is empty."),
        ("   ", "The email address is empty."),
        ("plainaddress", "An email address must have an @-sign."),
        ("a@b@example.com", "The email address contains invalid characters before the @-sign: '@'."),
        ("@example.com", "There must be something before the @-sign."),
        ("alice@", "There must be something after the @-sign."),
        ("alice@localhost", "The part after the @-sign is not valid. It should have a period."),
        ("al ice@example.com", "The email address contains invalid characters: SPACE."),
        ("alice@exa mple.com", "The email address contains invalid characters: SPACE."),
        ("alice\t@example.com", "The email address contains invalid characters: U+9."),
        (".alice@example.com", "An email address cannot start with a period."),
        ("alice.@example.com", "An email address cannot have a period immediately before the @-sign."),
        ("al..ice@example.com", "An email address cannot have two periods in a row."),
        ("alice@.example.com", "An email address cannot have a period immediately after the @-sign."),
        ("alice@example.com.", "An email address cannot end with a period."),
        ("alice@example..com", "An email address cannot have two periods in a row."),
        ("al\"ice@example.com", "The email address contains invalid characters before the @-sign: '\"'."),
        ("alice@exam_ple.com", "The part after the @-sign contains invalid characters: '_'."),
        ("alice@-example.com", "The part after the @-sign cannot have a hyphen at the start or end of a label."),
        ("alice@1.2.3.4", "The part after the @-sign is not valid. It is not within a valid top-level domain."),
        ("a@example.test", Self.specialUse), ("a@mail.Local", Self.specialUse), ("a@x.onion", Self.specialUse),
        ("a@host.localhost", Self.specialUse), ("a@in-addr.arpa", Self.specialUse), ("a@b.invalid", Self.specialUse),
    ])
    func rejectsInvalidAddresses(raw: String, reason: String) {
        #expect(throws: EmailAddress.Invalid(reason: reason)) { try EmailAddress.normalize(raw) }
    }

    @Test func enforcesLengthLimits() throws {
        let local64 = String(repeating: "a", count: 64)
        #expect(try EmailAddress.normalize("\(local64)@example.com").count == 76)
        #expect(
            throws: EmailAddress.Invalid(
                reason: "The email address is too long before the @-sign (1 characters too many).")
        ) {
            try EmailAddress.normalize("a\(local64)@example.com")
        }
        let label = String(repeating: "d", count: 63)
        let domain = Array(repeating: label, count: 4).joined(separator: ".") + ".com"  // 259 characters
        let longest = String(repeating: "a", count: 60) + "@" + domain  // 320
        #expect(try EmailAddress.normalize(longest).unicodeScalars.count == 320)
        #expect(throws: EmailAddress.Invalid(reason: "The email address is too long (1 characters too many).")) {
            try EmailAddress.normalize("b" + longest)
        }
        #expect(throws: EmailAddress.Invalid.self) { try EmailAddress.normalize("a@\(label)d.com") }
    }

    @Test func canonicalFormIsWhatLoginLooksUp() {
        #expect(EmailAddress.canonical("  Alice@Example.COM\n") == "alice@example.com")
        #expect(EmailAddress.canonical("not an address") == "not an address")
    }
}
