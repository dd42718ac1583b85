import Kernel

/// Account administration for operators and other modules: the `ecom users ...` commands and
/// the superuser operations use it. Resolve it after boot with
/// `runtime.services.require(UserAdministration.self)`.
///
/// Every method takes an e-mail address in any case and spacing; errors are `AppError`s
/// (422 invalid address or password, 404 unknown account, 409 address taken) whose `message`
/// is suitable for a terminal.
///
/// ```swift
/// let admin = try runtime.services.require(UserAdministration.self)
/// let user = try await admin.createUser(email: "ops@example.com", password: password, superuser: true)
/// _ = try await admin.promote(email: "Alice@Example.com")
/// ```
public struct UserAdministration: Sendable {
    let store: UserStore
    let hasher: PasswordHasher
    let sessions: AuthSessions

    /// Creates an active account after the same checks as registration.
    public func createUser(email: String, password: String, superuser: Bool = false) async throws -> User {
        var issues: [ValidationIssue] = []
        var canonical = email
        do {
            canonical = try EmailAddress.normalize(email)
        } catch {
            issues.append(error.issue(field: "email", input: email))
        }
        if let violation = PasswordPolicy.violation(of: password) { issues.append(violation.issue(field: "password")) }
        guard issues.isEmpty else { throw AppError(validation: issues) }
        // Checked before hashing so that a duplicate costs no bcrypt work; the unique index
        // still decides when two registrations race.
        guard try await store.user(email: canonical) == nil else { throw AuthErrors.emailTaken }
        let hash = try await hasher.hash(password)
        return try await store.insert(email: canonical, hashedPassword: hash, isSuperuser: superuser)
    }

    /// The account with `email`, if any.
    public func user(email: String) async throws -> User? {
        try await store.user(email: EmailAddress.canonical(email))
    }

    /// Grants superuser rights.
    public func promote(email: String) async throws -> User {
        try await update(email, isSuperuser: true)
    }

    /// Withdraws superuser rights.
    public func demote(email: String) async throws -> User {
        try await update(email, isSuperuser: false)
    }

    /// Blocks the account: its tokens stop working at once and it cannot log in. Its sessions
    /// end, so activating it again does not bring old refresh tokens back.
    public func deactivate(email: String) async throws -> User {
        let user = try await update(email, isActive: false)
        try await sessions.endAll(userID: user.id)
        return user
    }

    /// Unblocks a deactivated account.
    public func activate(email: String) async throws -> User {
        try await update(email, isActive: true)
    }

    private func update(_ email: String, isSuperuser: Bool? = nil, isActive: Bool? = nil) async throws -> User {
        let canonical = EmailAddress.canonical(email)
        guard let user = try await store.update(email: canonical, isSuperuser: isSuperuser, isActive: isActive) else {
            throw AuthErrors.userNotFound
        }
        return user
    }
}
