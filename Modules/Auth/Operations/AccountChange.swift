import Kernel

/// One superuser-only change to an account named by `email` in the body; each kind is
/// declared in its own file (`PromoteUser`, `DemoteUser`, `DeactivateUser`, `ActivateUser`).
protocol AccountChangeKind: Sendable {
    /// The JSON-RPC method, e.g. `users.promote`.
    static var method: String { get }
    /// The HTTP path (always POST).
    static var path: String { get }
    static var summary: String { get }
    /// False for changes that could lock the caller out (demote, deactivate).
    static var allowedOnSelf: Bool { get }
    static func apply(_ admin: UserAdministration, email: String) async throws -> User
}

/// The operation serving one `AccountChangeKind`: answers the changed account.
struct AccountChange<Kind: AccountChangeKind>: Operation {
    static var method: String { Kind.method }
    static var http: HTTPBinding { HTTPBinding(.post, Kind.path) }
    static var access: Access { .superuser }
    static var summary: String { Kind.summary }
    /// 404 for an unknown e-mail; 409 for a change the caller may not make to their own account.
    static var errorStatuses: [Int] { Kind.allowedOnSelf ? [404] : [404, 409] }

    struct Input: OperationInput {
        var email: String

        init(from r: FieldReader) {
            email = r.field("email")
            r.annotate("email", format: "email")
        }
    }

    let admin: UserAdministration

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> User {
        let caller = try context.requireUser()
        if !Kind.allowedOnSelf, EmailAddress.canonical(input.email) == caller.email { throw AuthErrors.selfChange }
        let user = try await Kind.apply(admin, email: input.email)
        context.logger.notice(
            "account changed", metadata: ["change": "\(Kind.method)", "target_user_id": "\(user.id)"])
        return user
    }
}
