import Foundation
import Kernel
import TestSupport
import Testing

@testable import Auth

/// A token has one spelling (RFC 7515: unpadded canonical base64url); JWTKit alone would also
/// decode others to the same bytes.
@Suite struct TokenSpellingTests {
    typealias T = TokenCrafting

    /// A payload whose length leaves unused bits in its last character, whatever the `jti`.
    static func payload(sub: String) -> String { T.claims(sub: sub, jti: "spelling") }

    @Test func onlyTheCanonicalSpellingIsAccepted() async throws {
        let tokens = try await TokenService(secret: Array(T.secret.utf8), algorithm: .hs256, lifetimeSeconds: 60)
        let issued = try await tokens.issue(userID: 5)
        let crafted = T.token(header: T.hs256Header, payload: Self.payload(sub: "7"))
        #expect(await tokens.verify(issued)?.userID == 5)
        #expect(await tokens.verify(crafted)?.userID == 7)
        for token in [issued, crafted] {
            let variants = T.respellings(token)
            #expect(variants.count >= 5)
            for (name, variant) in variants {
                #expect(await tokens.verify(variant) == nil, "\(name)")
            }
        }
    }

    @Test(arguments: Fixture.matrix)
    func respeltTokensAreRejected(backend: Backend, via: Via) async throws {
        try await TestApp.auth(backend) { app in
            let token = try await app.signUp(Fixture.email())
            #expect(try await app.call("users.me", via: via, token: token).status == 200)
            for (name, variant) in T.respellings(token) {
                let reply = try await app.call("users.me", via: via, token: variant)
                #expect(reply.status == 401, "\(name)")
                #expect(reply.detail == "Could not validate credentials", "\(name)")
                if via == .http { #expect(reply.wwwAuthenticate == "Bearer", "\(name)") }
            }
        }
    }

    @Test(arguments: [
        ("", true), ("QQ", true), ("QR", false), ("QUI", true), ("QUJ", false), ("QUJD", true), ("Q", false),
        ("QQ==", false), ("a+b", false), ("a/bA", false), ("-_-A", true),
    ])
    func canonicalBase64URL(text: String, canonical: Bool) {
        #expect(Base64URL.isCanonical(Substring(text)) == canonical)
    }
}
