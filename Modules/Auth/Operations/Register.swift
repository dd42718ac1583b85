import Kernel

/// auth.register — POST /auth/register → 201: creates an active, non-superuser account.
/// Fields other than `email` and `password` (such as `is_superuser`) are ignored.
struct Register: Operation {
    static let method = "auth.register"
    static let http = HTTPBinding(.post, "/auth/register", status: 201)
    static let access = Access.public
    static let summary = "Register an account (e-mail is case-insensitive; password 8 characters to 72 bytes)"
    static let errorStatuses = [409]

    struct Input: OperationInput {
        var email: String
        var password: String

        init(from r: FieldReader) {
            email = r.email("email")
            password = r.newPassword("password")
        }
    }

    let admin: UserAdministration

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> User {
        let user = try await admin.createUser(email: input.email, password: input.password)
        context.logger.info("account registered", metadata: ["user_id": "\(user.id)"])
        return user
    }
}
