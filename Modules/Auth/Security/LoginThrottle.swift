import Foundation
import Kernel

/// Throttles password guessing, per e-mail address and per client address, with state in the
/// cache so that every instance sharing a Redis sees the same counts.
///
/// Every login takes an attempt from a counter that lives for `windowSeconds` from its first
/// change, *before* its password is checked (`begin`): a success gives it back, a failure keeps
/// it. So the counter holds the failures plus the logins in flight, and requests sent in
/// parallel cannot all pass a check made before any of them failed: beyond the limit they
/// answer 429 without a password check. The failure that reaches the limit also stores a
/// lockout marker that lasts `windowSeconds`; while it exists, logins for that e-mail (or from
/// that client) answer 429 with `Retry-After` at once. A cache outage disables throttling
/// rather than failing logins (the kernel's rule: a cache outage never fails a request).
///
/// JSON-RPC calls come from `stdio` (a local operator who holds the config anyway), which is no
/// network client: only the per-email limit applies to them, so one script's typos cannot lock
/// every other `ecom rpc` process sharing the Redis out.
struct LoginThrottle: Sendable {
    let cache: Cache
    let lockouts: NamespacedCache
    let maxFailuresPerEmail: Int
    let maxFailuresPerClient: Int
    let windowSeconds: Int

    /// The namespace of lockout markers (its TTL is set from `login_window_seconds` at boot).
    static func namespace(windowSeconds: Int) -> CacheNamespace {
        CacheNamespace("auth.login_lockout", ttlSeconds: windowSeconds, invalidatedBy: ["expiry only"])
    }

    init(cache: Cache, config: AuthConfig) {
        self.cache = cache
        lockouts = cache.namespace(Self.namespace(windowSeconds: config.loginWindowSeconds))
        maxFailuresPerEmail = config.loginMaxFailuresPerEmail
        maxFailuresPerClient = config.loginMaxFailuresPerClient
        windowSeconds = config.loginWindowSeconds
    }

    /// The attempts a login took, to be settled with `succeeded` or `failed`.
    struct Attempt: Sendable {
        fileprivate var taken: [(name: String, limit: Int, count: Int)]
    }

    /// Takes an attempt for `email` and `client`, or throws 429 while either is locked out or
    /// has no attempt left in the window.
    func begin(email: String, client: String?, now: Date = Date()) async throws -> Attempt {
        let keys = keys(email: email, client: client)
        var waits: [Int] = []
        for key in keys {
            guard let bytes = await lockouts.get(key.name), let until = Double(String(decoding: bytes, as: UTF8.self))
            else { continue }
            let remaining = Int((until - now.timeIntervalSince1970).rounded(.up))
            if remaining > 0 { waits.append(remaining) }
        }
        if let wait = waits.max() { throw Self.tooMany(wait) }
        var attempt = Attempt(taken: [])
        for key in keys {
            guard let count = await cache.counter(Self.counter(key.name), windowSeconds: windowSeconds) else {
                continue
            }
            attempt.taken.append((key.name, key.limit, count))
            if count > key.limit {
                // Others in flight hold the attempts left; this one is refused and counted.
                await lock(key.name, now: now)
                throw Self.tooMany(windowSeconds)
            }
        }
        return attempt
    }

    /// Gives the attempt back: a successful login does not count against the limits.
    func succeeded(_ attempt: Attempt) async {
        for key in attempt.taken {
            _ = await cache.counter(Self.counter(key.name), by: -1, windowSeconds: windowSeconds)
        }
    }

    /// Gives the attempt back when the login could not be judged (the database did not answer):
    /// an outage is not a wrong password, and must not lock out the users who retry through it.
    func abandoned(_ attempt: Attempt) async {
        await succeeded(attempt)
    }

    /// Keeps the attempt as a failure; the one that reaches a limit starts a lockout.
    func failed(_ attempt: Attempt, now: Date = Date()) async {
        for key in attempt.taken where key.count >= key.limit {
            await lock(key.name, now: now)
        }
    }

    private func lock(_ name: String, now: Date) async {
        let until = now.timeIntervalSince1970 + Double(windowSeconds)
        await lockouts.set(name, Array(String(until).utf8))
    }

    private static func counter(_ name: String) -> String { "auth.login_failures:\(name)" }

    private static func tooMany(_ wait: Int) -> AppError {
        AppError.tooManyRequests(retryAfterSeconds: wait, detail: "Too many failed login attempts; try again later")
    }

    private func keys(email: String, client: String?) -> [(name: String, limit: Int)] {
        var keys = [(name: "email:\(email)", limit: maxFailuresPerEmail)]
        if let client, !client.isEmpty {
            keys.append((name: "client:\(client)", limit: maxFailuresPerClient))
        }
        return keys
    }
}
