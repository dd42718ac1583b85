import Foundation
import Kernel

/// Issues the tokens of a session: at login an access token and the session's first refresh
/// token; at each refresh, for the current refresh token, a new pair (rotation). An earlier
/// refresh token presented again ends the session and every token of it (`AuthSessions`).
struct SessionTokens: Sendable {
    let tokens: TokenService
    let signer: RefreshTokenSigner
    let sessions: AuthSessions

    /// A new session for `userID` and its first pair of tokens; nil when the user is no longer
    /// active (deactivated while logging in).
    func start(userID: Int64) async throws -> TokenGrant? {
        guard let session = try await sessions.start(userID: userID) else { return nil }
        return try await grant(userID: userID, session: session.id, generation: 0)
    }

    /// A new pair for the current refresh token `token`. Anything else — malformed, forged,
    /// expired, spent, of an ended session or an inactive user — is a 401; a spent one also
    /// ends its session, with a warning to `logger`. Returns the user id with the pair.
    func refresh(_ token: String, logger: Logger) async throws -> (userID: Int64, grant: TokenGrant) {
        guard let presented = signer.read(token) else { throw AuthErrors.invalidRefreshToken }
        switch try await sessions.rotate(presented.session, generation: presented.generation) {
        case .rotated(let userID, let generation, _):
            let grant = try await grant(userID: userID, session: presented.session, generation: generation)
            return (userID, grant)
        case .reused:
            logger.warning(
                "spent refresh token presented again: session ended",
                metadata: ["session": "\(presented.session.prefix(8))"])
            throw AuthErrors.invalidRefreshToken
        case .refused:
            throw AuthErrors.invalidRefreshToken
        }
    }

    private func grant(userID: Int64, session: String, generation: Int64) async throws -> TokenGrant {
        TokenGrant(
            accessToken: try await tokens.issue(userID: userID, session: session),
            expiresIn: tokens.lifetimeSeconds,
            refreshToken: signer.token(session: session, generation: generation))
    }
}
