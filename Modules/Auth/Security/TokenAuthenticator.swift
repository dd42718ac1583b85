import Kernel

/// The authenticator the transports use: a valid token names an existing, active user and has
/// not been revoked by logout, nor has its session ended. The row is read on every call, so
/// promotion, demotion, deactivation, logout and a refresh token's reuse take effect at once.
struct TokenAuthenticator: Authenticator {
    let tokens: TokenService
    let store: UserStore

    func authenticate(bearer token: String) async throws -> UserIdentity {
        guard let verified = await tokens.verify(token),
            let user = try await store.user(
                id: verified.userID, unlessRevoked: verified.tokenID, session: verified.sessionID),
            user.isActive
        else { throw AppError.invalidCredentials }
        return user.identity
    }
}
