/// users.deactivate — POST /admin/users/deactivate `{"email": ...}` (superuser) → the account.
enum DeactivateUser: AccountChangeKind {
    static let method = "users.deactivate"
    static let path = "/admin/users/deactivate"
    static let summary = "Deactivate the account with this e-mail (its tokens stop working at once)"
    static let allowedOnSelf = false

    static func apply(_ admin: UserAdministration, email: String) async throws -> User {
        try await admin.deactivate(email: email)
    }
}
