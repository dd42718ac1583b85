import Kernel

/// auth.logout — POST /auth/logout → 204. Ends a JSON-RPC session's login. Over HTTP there is
/// no session: the client discards its token (access tokens are stateless and expire on
/// their own; deactivating the account revokes them all at once).
///
/// Public on purpose: a session bound to an expired token must still be able to log out.
struct Logout: Operation {
    static let method = "auth.logout"
    static let http = HTTPBinding(.post, "/auth/logout", status: 204)
    static let access = Access.public
    static let summary = "Log out (unbinds a JSON-RPC session; HTTP clients discard their token)"

    func callAsFunction(_ input: NoInput, _ context: OperationContext) async throws -> NoContent {
        await context.session?.unbind()
        return NoContent()
    }
}
