import Synchronization
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

/// A wrong password costs at least the configured bcrypt work, whatever the stored hash's
/// cost: counted, not timed.
extension PasswordHasherTests {
    /// Records the cost of every hash a password is checked against, and checks it for real.
    final class CheckCounter: Sendable {
        private let costs = Mutex<[Int]>([])

        func check(_ password: String, _ hash: String) -> Bool {
            let fields = hash.split(separator: "$")
            costs.withLock { $0.append(fields.count == 3 ? Int(fields[1]) ?? -1 : -1) }
            return PasswordHasher.bcryptCheck(password, hash)
        }

        /// The costs recorded since the last call.
        func take() -> [Int] {
            costs.withLock { costs in
                defer { costs = [] }
                return costs
            }
        }
    }

    @Test func aWrongPasswordForACheaperHashAlsoPaysTheConfiguredCost() async throws {
        let counter = CheckCounter()
        let hasher = try await PasswordHasher.make(cost: 6, check: counter.check)
        let cheaper = try await PasswordHasher.make(cost: 4).hash("correct horse")
        let current = try await hasher.hash("correct horse")

        #expect(try await !hasher.verify("wrong horse", against: cheaper))
        #expect(counter.take() == [4, 6])
        #expect(try await !hasher.verify("wrong horse", against: "not a bcrypt hash"))
        #expect(counter.take() == [-1, 6])
        // The same work as for an unknown account or a hash at the configured cost.
        #expect(try await !hasher.verify("wrong horse", against: nil))
        #expect(counter.take() == [6])
        #expect(try await !hasher.verify("wrong horse", against: current))
        #expect(counter.take() == [6])
        // A right password is not slowed down (it is rehashed at the configured cost anyway).
        #expect(try await hasher.verify("correct horse", against: cheaper))
        #expect(counter.take() == [4])
    }
}
