import Kernel

/// auth.login — POST /auth/login (form, OAuth2 password grant) → `{access_token, token_type}`.
/// Over JSON-RPC the same fields are params, and a successful login binds the session.
///
/// An unknown e-mail, a wrong password and an inactive account all answer the same 401 after
/// the same bcrypt work; repeated failures are throttled (`LoginThrottle`).
struct Login: Operation {
    static let method = "auth.login"
    static let http = HTTPBinding(.post, "/auth/login", body: .form)
    static let access = Access.public
    static let summary = "Log in with e-mail (`username`) and password; returns a bearer token"
    static let errorStatuses = [401, 429]

    struct Input: OperationInput {
        var username: String
        var password: String

        init(from r: FieldReader) {
            username = r.field("username")
            r.annotate("username", format: "email")
            password = r.field("password")
            r.annotate("password", format: "password")
            // OAuth2PasswordRequestForm: when given, grant_type must contain "password".
            let grant: String? = r.optional("grant_type")
            if let grant, !grant.contains("password") {
                r.invalid(
                    "grant_type", type: "string_pattern_mismatch", msg: "String should match pattern 'password'",
                    input: .string(grant), ctx: ["pattern": "password"])
            }
            let _: String = r.field("scope", default: "")
            let _: String? = r.optional("client_id")
            let _: String? = r.optional("client_secret")
        }
    }

    struct Output: Encodable, OperationOutput {
        var accessToken: String
        var tokenType = "bearer"

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case tokenType = "token_type"
        }
    }

    let store: UserStore
    let hasher: PasswordHasher
    let tokens: TokenService
    let throttle: LoginThrottle

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Output {
        let email = EmailAddress.canonical(input.username)
        try await throttle.check(email: email, client: context.clientAddress)
        let plausible =
            PasswordPolicy.couldBeStored(input.password) && email.unicodeScalars.count <= EmailAddress.maxLength
        let stored = plausible ? try await store.credentials(email: email) : nil
        let matches = try await hasher.verify(input.password, against: stored?.hashedPassword)
        guard matches, let user = stored?.user, user.isActive else {
            await throttle.recordFailure(email: email, client: context.clientAddress)
            context.logger.info(
                "login failed", metadata: ["user_id": "\(stored.map { String($0.user.id) } ?? "none")"])
            throw AuthErrors.invalidLogin
        }
        if let hash = stored?.hashedPassword, hasher.needsRehash(hash) {
            try await store.updatePasswordHash(id: user.id, to: try await hasher.hash(input.password))
        }
        let token = try await tokens.issue(userID: user.id)
        await context.session?.bind(bearerToken: token)
        context.logger.info("login succeeded", metadata: ["user_id": "\(user.id)"])
        return Output(accessToken: token)
    }
}

extension Login.Output: SchemaExample {
    static var schemaExample: Login.Output { Login.Output(accessToken: "eyJhbGciOiJIUzI1NiJ9.e30.c2ln") }
}
