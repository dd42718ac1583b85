import Testing

@testable import Auth

@Suite struct PasswordHasherTests {
    @Test func hashesAndVerifies() async throws {
        let hasher = try await PasswordHasher.make(cost: 4)
        let hash = try await hasher.hash("correct horse")
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(hash.count == 60)
        #expect(try await hasher.verify("correct horse", against: hash))
        #expect(try await !hasher.verify("correct horsf", against: hash))
        #expect(try await !hasher.verify("", against: hash))
    }

    @Test func theDummyHashNeverMatches() async throws {
        let hasher = try await PasswordHasher.make(cost: 4)
        #expect(try await !hasher.verify("", against: nil))
        #expect(try await !hasher.verify("anything at all", against: nil))
    }

    @Test func aMalformedStoredHashNeverMatches() async throws {
        let hasher = try await PasswordHasher.make(cost: 4)
        #expect(try await !hasher.verify("password", against: "not a bcrypt hash"))
    }
}

extension PasswordHasherTests {
    @Test func hashesOfAnotherCostNeedRehashing() async throws {
        let hasher = try await PasswordHasher.make(cost: 4)
        #expect(!hasher.needsRehash(try await hasher.hash("correct horse")))
        let five = try await PasswordHasher.make(cost: 5)
        #expect(hasher.needsRehash(try await five.hash("correct horse")))
        #expect(hasher.needsRehash("garbage"))
    }
}
