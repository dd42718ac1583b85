import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing on NIO's blocking-work thread pool: at cost 12 one hash or check takes about
/// a quarter of a second, which would stall the event loops or the cooperative pool.
struct PasswordHasher: Sendable {
    let cost: UInt8
    /// A hash of a random password at the same cost, checked when an account is unknown so that
    /// the answer takes as long as for a known one.
    private let dummyHash: String
    /// Checks a password against a bcrypt hash: `bcryptCheck`, which tests wrap to count the work.
    private let check: @Sendable (_ password: String, _ hash: String) -> Bool

    /// `Bcrypt.verify`.
    static let bcryptCheck: @Sendable (_ password: String, _ hash: String) -> Bool = { Bcrypt.verify($0, hash: $1) }

    /// Prepares a hasher (computes the dummy hash once).
    static func make(
        cost: Int, check: @escaping @Sendable (_ password: String, _ hash: String) -> Bool = bcryptCheck
    ) async throws -> PasswordHasher {
        let cost = UInt8(clamping: cost)
        let random = (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined()
        let dummy = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(random, cost: cost) }
        return PasswordHasher(cost: cost, dummyHash: dummy, check: check)
    }

    /// The bcrypt hash of `password` (`$2b$…`, 60 characters).
    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// True when `hash` was made at another cost than the configured one (`bcrypt_cost` was
    /// changed since), so a successful login should store a fresh hash.
    func needsRehash(_ hash: String) -> Bool {
        Self.cost(of: hash) != cost
    }

    /// Checks `password` against `hash`, or against the dummy hash when there is no account, so
    /// both paths cost the same; the dummy check never succeeds. A wrong password for a hash
    /// made at a lower cost (before `bcrypt_cost` was raised) is also checked against the dummy
    /// hash, so that it is not answered faster than for an unknown account; a right one is not.
    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let (check, dummyHash) = (check, dummyHash)
        guard let hash else {
            _ = try await NIOThreadPool.singleton.runIfActive { check(password, dummyHash) }
            return false
        }
        let cheaper = Self.cost(of: hash).map { $0 < cost } ?? true
        return try await NIOThreadPool.singleton.runIfActive {
            if check(password, hash) { return true }
            if cheaper { _ = check(password, dummyHash) }
            return false
        }
    }

    /// The cost a bcrypt hash was made at (`$2b$12$<salt+hash>`: the second field); nil when it
    /// is not a bcrypt hash.
    private static func cost(of hash: String) -> UInt8? {
        let fields = hash.split(separator: "$", omittingEmptySubsequences: true)
        guard fields.count == 3 else { return nil }
        return UInt8(fields[1])
    }
}
