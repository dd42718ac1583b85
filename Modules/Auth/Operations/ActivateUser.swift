/// users.activate — POST /admin/users/activate `{"email": ...}` (superuser) → the account.
enum ActivateUser: AccountChangeKind {
    static let method = "users.activate"
    static let path = "/admin/users/activate"
    static let summary = "Reactivate a deactivated account"
    static let allowedOnSelf = true

    static func apply(_ admin: UserAdministration, email: String) async throws -> User {
        try await admin.activate(email: email)
    }
}
