/// Who may call an operation. Checked by the kernel before the input is validated, so an
/// anonymous caller learns nothing about an admin operation's inputs.
public enum Access: String, Sendable, CaseIterable {
    /// Anyone, without credentials.
    case `public`
    /// Any authenticated, active user.
    case user
    /// Authenticated users with the superuser flag.
    case superuser
}

/// The caller of an operation, resolved by the transport through the registered authenticator.
public enum Principal: Sendable, Equatable {
    case anonymous
    case user(UserIdentity)

    /// The user, when authenticated.
    public var user: UserIdentity? {
        if case .user(let user) = self { return user }
        return nil
    }
}

/// The identity of an authenticated user as operations see it.
public struct UserIdentity: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var isSuperuser: Bool

    public init(id: Int64, email: String, isSuperuser: Bool) {
        self.id = id
        self.email = email
        self.isSuperuser = isSuperuser
    }
}

/// Turns a bearer credential into a principal. The Auth module registers one; without it every
/// caller is anonymous and operations that need a user answer 401.
///
/// ```swift
/// struct TokenAuthenticator: Authenticator {
///     func authenticate(bearer token: String) async throws -> UserIdentity { ... }
/// }
/// ```
public protocol Authenticator: Sendable {
    /// The user the token names; throws `AppError.invalidCredentials` when it is not valid.
    func authenticate(bearer token: String) async throws -> UserIdentity
}
