import Kernel

/// auth.logout — POST /auth/logout → 204. Ends the session of the access token the call
/// presents (HTTP `Authorization`, or the token a JSON-RPC session is bound to): that token,
/// every access token refreshed in the same session and its refresh token stop working
/// everywhere at once; a token issued without a session is revoked alone. The JSON-RPC session
/// is unbound. A `refresh_token` given (JSON body or param) ends its session too, so a client
/// whose access token has expired can still log out. Other logins of the same user stay valid;
/// deactivating the account ends them all.
///
/// Public on purpose: logging out with a missing, expired or invalid token is still a 204 (a
/// session bound to an expired token must be able to log out), and the answer never tells
/// whether the token was valid.
struct Logout: Operation {
    static let method = "auth.logout"
    static let http = HTTPBinding(.post, "/auth/logout", status: 204)
    static let access = Access.public
    static let summary =
        "Log out: ends the session of the bearer token or of the `refresh_token` given (and unbinds a JSON-RPC session)"

    struct Input: OperationInput {
        var refreshToken: String?

        init(from r: FieldReader) {
            refreshToken = r.optional("refresh_token")
            r.annotate("refresh_token", format: "password")
        }
    }

    let tokens: TokenService
    let revoked: RevokedTokens
    let sessions: AuthSessions
    let signer: RefreshTokenSigner

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> NoContent {
        if let token = input.refreshToken, let presented = signer.read(token) {
            try await sessions.end(presented.session)
        }
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
