import Kernel

/// The authenticator the transports use: a valid token names an existing, active user. The row
/// is read on every call, so promotion, demotion and deactivation take effect at once.
struct TokenAuthenticator: Authenticator {
    let tokens: TokenService
    let store: UserStore

    func authenticate(bearer token: String) async throws -> UserIdentity {
        guard let id = await tokens.userID(fromToken: token), let user = try await store.user(id: id), user.isActive
        else { throw AppError.invalidCredentials }
        return user.identity
    }
}
