import Kernel

/// auth.logout — POST /auth/logout → 204. Ends the session of the access token the call
/// presents (HTTP `Authorization`, or the token a JSON-RPC session is bound to): that token,
/// every access token refreshed in the same session and its refresh token stop working
/// everywhere at once; a token issued without a session is revoked alone. The JSON-RPC session
/// is unbound. Other logins of the same user stay valid; deactivating the account ends them all.
///
/// Public on purpose: logging out with a missing, expired or invalid token is still a 204 (a
/// session bound to an expired token must be able to log out), and the answer never tells
/// whether the token was valid.
struct Logout: Operation {
    static let method = "auth.logout"
    static let http = HTTPBinding(.post, "/auth/logout", status: 204)
    static let access = Access.public
    static let summary =
        "Log out: ends the bearer token's session, its refresh token included (and unbinds a JSON-RPC session)"

    let tokens: TokenService
    let revoked: RevokedTokens
    let sessions: AuthSessions

    func callAsFunction(_ input: NoInput, _ context: OperationContext) async throws -> NoContent {
        if case .bearer(let token) = context.credentials, let verified = await tokens.verify(token) {
            if let session = verified.sessionID {
                try await sessions.end(session)
            } else {
                try await revoked.revoke(verified.tokenID, expiresAt: verified.expiresAt)
            }
        }
        await context.session?.unbind()
        return NoContent()
    }
}
