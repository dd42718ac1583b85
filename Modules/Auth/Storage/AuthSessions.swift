import Foundation
import Kernel

/// The `auth_sessions` table: one row per login, which its refresh tokens continue. A session
/// stores no secret: refresh tokens are signed (`RefreshTokenSigner`), and the row keeps only how
/// many have been issued (`generation`), so that the current one is told apart from every
/// earlier one. Presenting an earlier one means the token was copied — by the client retrying
/// or by a thief — and ends the session (refresh token rotation with reuse detection, OAuth 2.0
/// Security BCP §4.14). Access tokens name their session (`sid`), and the authenticator checks
/// it still exists in the statement that reads the user, so ending a session ends its access
/// tokens at once too.
struct AuthSessions: Sendable {
    /// What presenting refresh token number `generation` of a session did.
    enum Rotation: Equatable {
        /// It was the current one: the session moves on to `generation`, valid until `expiresAt`.
        case rotated(userID: Int64, generation: Int64, expiresAt: Date)
        /// It was an earlier one: the session is ended.
        case reused
        /// No such session, or it expired, or its user is inactive.
        case refused
    }

    let database: any Database
    /// How long a refresh token is valid.
    let lifetime: TimeInterval
    /// How long an access token is valid: an expired session is kept that much longer, so that
    /// the access tokens issued with its last refresh token keep working until they expire.
    let accessLifetime: TimeInterval

    /// Starts a session for `userID` with refresh token number 0, and forgets sessions whose
    /// tokens have all expired. Nil when the user is not active: the check and the insert are
    /// one statement, which on PostgreSQL holds the user's row (`FOR SHARE`) until it commits,
    /// so a deactivation racing the login either comes first (no session) or waits and then
    /// ends the session with the others.
    func start(userID: Int64, now: Date = Date()) async throws -> (id: String, expiresAt: Date)? {
        let id = TokenService.randomID()
        let expiresAt = Self.seconds(now.addingTimeInterval(lifetime))
        let forgotten = Self.seconds(now.addingTimeInterval(-accessLifetime))
        let lock = database.kind.rowLock(.share)
        let started = try await database.transaction { sql in
            try await sql.raw("DELETE FROM auth_sessions WHERE expires_at < \(bind: forgotten)").run()
            return try await sql.raw(
                """
                INSERT INTO auth_sessions (id, user_id, generation, expires_at, created_at)
                SELECT \(bind: id), id, 0, \(bind: expiresAt), \(bind: Timestamp.now()) FROM users
                WHERE id = \(bind: userID) AND is_active = \(bind: true)\(lock)
                RETURNING id
                """
            ).first() != nil
        }
        return started ? (id, Date(timeIntervalSince1970: TimeInterval(expiresAt))) : nil
    }

    /// Spends refresh token number `generation` of session `id`: the current, unexpired token of
    /// an active user moves the session on (of concurrent callers exactly one does); an earlier
    /// token ends the session.
    func rotate(_ id: String, generation: Int64, now: Date = Date()) async throws -> Rotation {
        let current = Self.seconds(now)
        let expiresAt = Self.seconds(now.addingTimeInterval(lifetime))
        return try await database.transaction { sql in
            if let row = try await sql.raw(
                """
                UPDATE auth_sessions SET generation = generation + 1, expires_at = \(bind: expiresAt)
                WHERE id = \(bind: id) AND generation = \(bind: generation) AND expires_at > \(bind: current)
                AND user_id IN (SELECT id FROM users WHERE is_active = \(bind: true))
                RETURNING user_id, generation
                """
            ).first() {
                return .rotated(
                    userID: try row.decode(column: "user_id", as: Int64.self),
                    generation: try row.decode(column: "generation", as: Int64.self),
                    expiresAt: Date(timeIntervalSince1970: TimeInterval(expiresAt)))
            }
            let row = try await sql.raw("SELECT generation FROM auth_sessions WHERE id = \(bind: id)").first()
            guard let latest = try row?.decode(column: "generation", as: Int64.self), latest > generation else {
                return .refused
            }
            try await sql.raw("DELETE FROM auth_sessions WHERE id = \(bind: id)").run()
            return .reused
        }
    }

    /// Ends session `id`: its refresh token and every access token issued with it stop working.
    func end(_ id: String) async throws {
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM auth_sessions WHERE id = \(bind: id)").run()
        }
    }

    /// Ends every session of `userID`.
    func endAll(userID: Int64) async throws {
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM auth_sessions WHERE user_id = \(bind: userID)").run()
        }
    }

    private static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
