/// users.promote — POST /admin/users/promote `{"email": ...}` (superuser) → the account.
enum PromoteUser: AccountChangeKind {
    static let method = "users.promote"
    static let path = "/admin/users/promote"
    static let summary = "Grant superuser rights to the account with this e-mail"
    static let allowedOnSelf = true

    static func apply(_ admin: UserAdministration, email: String) async throws -> User {
        try await admin.promote(email: email)
    }
}
