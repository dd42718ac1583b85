import Testing

@testable import Auth

/// Registration canonicalises an address twice (the field, then `UserAdministration`) and
/// login once, so canonicalising must change nothing the second time.
@Suite struct EmailCanonicalFormTests {
    /// Lower-casing can put combining marks out of canonical order, or add one.
    static let tricky = [
        "\u{130}\u{327}y@example.com",  // İ + cedilla: lower-cases to i + dot above + cedilla
        "\u{399}\u{342}y@example.com",  // Ι + perispomeni
        "\u{1E9E}ss@example.com", "\u{212A}elvin@example.com", "\u{1C5}x@example.com", "ΟΣ@example.com",
        "x@\u{130}\u{327}.com", "x@\u{399}\u{342}.com", "x@ΟΣ.com", "x@\u{1E9E}.de", "x@\u{212A}.com",
        "x@\u{FB00}.com", "x@xn--mnchen-3ya.DE", "x@\u{FF45}xample\u{3002}com", "  Mixed@Case.COM\t",
    ]

    @Test(arguments: tricky)
    func canonicalisingTwiceChangesNothing(raw: String) throws {
        let once = EmailAddress.canonical(raw)
        #expect(Array(EmailAddress.canonical(once).unicodeScalars) == Array(once.unicodeScalars))
        let normalized = try EmailAddress.normalize(raw)
        #expect(Array(normalized.unicodeScalars) == Array(once.unicodeScalars))
        #expect(Array(try EmailAddress.normalize(normalized).unicodeScalars) == Array(once.unicodeScalars))
    }

    /// Every character of the Basic Multilingual Plane that case mapping or normalisation
    /// touches, alone and after `İ`, in the local part and in the domain.
    @Test func holdsForEveryCharacterFoldingChanges() {
        var unstable: [String] = []
        for value in UInt32(0x20)...0xFFFF {
            guard let scalar = Unicode.Scalar(value),
                scalar.properties.changesWhenNFKCCaseFolded || scalar.properties.canonicalCombiningClass.rawValue != 0
            else { continue }
            for raw in ["a\(scalar)b@x.com", "\u{130}\(scalar)@x.com", "a@x\(scalar)y.com", "a@\u{130}\(scalar).com"] {
                let once = EmailAddress.canonical(raw)
                if !EmailAddress.canonical(once).unicodeScalars.elementsEqual(once.unicodeScalars) {
                    unstable.append(raw)
                }
            }
        }
        #expect(
            unstable.isEmpty, "\(unstable.prefix(20).map { $0.unicodeScalars.map { String($0.value, radix: 16) } })")
    }
}
