import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing on NIO's blocking-work thread pool: at cost 12 one hash or check takes about
/// a quarter of a second, which would stall the event loops or the cooperative pool.
struct PasswordHasher: Sendable {
    let cost: UInt8
    /// A hash of a random password at the same cost, checked when an account is unknown so that
    /// the answer takes as long as for a known one.
    private let dummyHash: String

    /// Prepares a hasher (computes the dummy hash once).
    static func make(cost: Int) async throws -> PasswordHasher {
        let cost = UInt8(clamping: cost)
        let random = (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined()
        let dummy = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(random, cost: cost) }
        return PasswordHasher(cost: cost, dummyHash: dummy)
    }

    /// The bcrypt hash of `password` (`$2b$…`, 60 characters).
    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// True when `hash` was made at another cost than the configured one (`bcrypt_cost` was
    /// changed since), so a successful login should store a fresh hash.
    func needsRehash(_ hash: String) -> Bool {
        // "$2b$12$<salt+hash>": the cost is the third field.
        let fields = hash.split(separator: "$", omittingEmptySubsequences: true)
        guard fields.count == 3, let stored = UInt8(fields[1]) else { return true }
        return stored != cost
    }

    /// Checks `password` against `hash`, or against the dummy hash when there is no account, so
    /// both paths cost the same; the dummy check never succeeds.
    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? dummyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}
