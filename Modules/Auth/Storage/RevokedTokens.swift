import Foundation
import Kernel

/// The `revoked_tokens` table: ids (`jti`) of access tokens ended by logout, kept until the
/// token would have expired anyway. The authenticator checks it in the same statement that
/// reads the user (`UserStore.user(id:unlessRevoked:session:)`), so revocation costs no extra round
/// trip and holds at once on every instance sharing the database.
struct RevokedTokens: Sendable {
    let database: any Database

    /// Revokes the token `tokenID`, valid until `expiresAt`, and forgets revocations whose
    /// tokens have expired. Revoking twice is fine.
    func revoke(_ tokenID: String, expiresAt: Date, now: Date = Date()) async throws {
        let until = Int64(expiresAt.timeIntervalSince1970.rounded(.up))
        let current = Int64(now.timeIntervalSince1970.rounded(.down))
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM revoked_tokens WHERE expires_at < \(bind: current)").run()
            try await sql.raw(
                """
                INSERT INTO revoked_tokens (jti, expires_at) VALUES (\(bind: tokenID), \(bind: until))
                ON CONFLICT (jti) DO NOTHING
                """
            ).run()
        }
    }
}
