import Foundation
import Synchronization

/// Access tokens whose form, signature and claims have been checked, with the times the clock
/// must still be compared with on every use, so that a token presented for many requests is
/// decoded and its HMAC computed once (perf under `POST /orders`: 8 % of the server's CPU).
/// Keyed by the whole token: one that differs in any byte is checked afresh. At most `limit`
/// are kept; to make room one is dropped, and is checked again if it comes back.
final class VerifiedTokens: Sendable {
    struct Entry: Sendable {
        var token: VerifiedToken
        var issuedAt: Date
        var notBefore: Date?

        /// The token, if `now` is within its validity: before `exp`, and not before `iat` or
        /// `nbf` beyond a minute of clock skew.
        func valid(at now: Date) -> VerifiedToken? {
            let skew = now.addingTimeInterval(60)
            guard now < token.expiresAt, issuedAt <= skew, notBefore.map({ $0 <= skew }) ?? true else { return nil }
            return token
        }
    }

    static let limit = 4096
    private let entries = Mutex<[String: Entry]>([:])

    func entry(for token: String) -> Entry? {
        entries.withLock { $0[token] }
    }

    func insert(_ entry: Entry, for token: String) {
        entries.withLock {
            if $0.count >= Self.limit, $0[token] == nil { $0.remove(at: $0.startIndex) }
            $0[token] = entry
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
