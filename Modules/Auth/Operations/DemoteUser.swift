/// users.demote — POST /admin/users/demote `{"email": ...}` (superuser) → the account.
enum DemoteUser: AccountChangeKind {
    static let method = "users.demote"
    static let path = "/admin/users/demote"
    static let summary = "Withdraw superuser rights from the account with this e-mail"
    static let allowedOnSelf = false

    static func apply(_ admin: UserAdministration, email: String) async throws -> User {
        try await admin.demote(email: email)
    }
}
