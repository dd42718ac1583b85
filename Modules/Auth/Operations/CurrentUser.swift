import Kernel

/// users.me — GET /users/me: the caller's account.
struct CurrentUser: Operation {
    static let method = "users.me"
    static let http = HTTPBinding(.get, "/users/me")
    static let access = Access.user
    static let summary = "The authenticated user's account"

    let store: UserStore

    func callAsFunction(_ input: NoInput, _ context: OperationContext) async throws -> User {
        let identity = try context.requireUser()
        // Deleted between authentication and now: the token no longer names a user.
        guard let user = try await store.user(id: identity.id) else { throw AppError.invalidCredentials }
        return user
    }
}
