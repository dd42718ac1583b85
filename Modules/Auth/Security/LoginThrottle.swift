import Foundation
import Kernel

/// Throttles password guessing, per e-mail address and per client address, with state in the
/// cache so that every instance sharing a Redis sees the same counts.
///
/// Each failed login increments a counter that lives for `windowSeconds` from its first
/// failure. The failure that reaches the limit also stores a lockout marker that lasts
/// `windowSeconds`; while it exists, logins for that e-mail (or from that client) answer 429
/// with `Retry-After` before any password is checked. A cache outage disables throttling
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

    /// Throws 429 while `email` or `client` is locked out.
    func check(email: String, client: String?, now: Date = Date()) async throws {
        var waits: [Int] = []
        for key in keys(email: email, client: client) {
            guard let bytes = await lockouts.get(key.name), let until = Double(String(decoding: bytes, as: UTF8.self))
            else { continue }
            let remaining = Int((until - now.timeIntervalSince1970).rounded(.up))
            if remaining > 0 { waits.append(remaining) }
        }
        if let wait = waits.max() {
            throw AppError.tooManyRequests(
                retryAfterSeconds: wait, detail: "Too many failed login attempts; try again later")
        }
    }

    /// Counts a failed login; the failure that reaches a limit starts a lockout.
    func recordFailure(email: String, client: String?, now: Date = Date()) async {
        for key in keys(email: email, client: client) {
            guard let failures = await cache.counter("auth.login_failures:\(key.name)", windowSeconds: windowSeconds),
                failures >= key.limit
            else { continue }
            let until = now.timeIntervalSince1970 + Double(windowSeconds)
            await lockouts.set(key.name, Array(String(until).utf8))
        }
    }

    private func keys(email: String, client: String?) -> [(name: String, limit: Int)] {
        var keys = [(name: "email:\(email)", limit: maxFailuresPerEmail)]
        if let client, !client.isEmpty, client != "stdio" {
            keys.append((name: "client:\(client)", limit: maxFailuresPerClient))
        }
        return keys
    }
}
