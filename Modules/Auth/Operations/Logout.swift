import Kernel

/// auth.logout — POST /auth/logout → 204. Revokes the access token the call presents (HTTP
/// `Authorization`, or the token a JSON-RPC session is bound to), everywhere at once, and
/// unbinds the JSON-RPC session. Other tokens of the same user stay valid; deactivating the
/// account ends them all.
///
/// Public on purpose: logging out with a missing, expired or invalid token is still a 204 (a
/// session bound to an expired token must be able to log out), and the answer never tells
/// whether the token was valid.
struct Logout: Operation {
    static let method = "auth.logout"
    static let http = HTTPBinding(.post, "/auth/logout", status: 204)
    static let access = Access.public
    static let summary = "Log out: revokes the bearer token given (and unbinds a JSON-RPC session)"

    let tokens: TokenService
    let revoked: RevokedTokens

    func callAsFunction(_ input: NoInput, _ context: OperationContext) async throws -> NoContent {
        if case .bearer(let token) = context.credentials, let verified = await tokens.verify(token) {
            try await revoked.revoke(verified.tokenID, expiresAt: verified.expiresAt)
        }
        await context.session?.unbind()
        return NoContent()
    }
}
