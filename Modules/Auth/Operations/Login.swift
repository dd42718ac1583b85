import Kernel

/// auth.login — POST /auth/login (form, OAuth2 password grant) → `{access_token, token_type,
/// expires_in, refresh_token}` (`TokenGrant`): a new session (`SessionTokens`). Over JSON-RPC
/// the same fields are params, and a successful login binds the JSON-RPC session.
///
/// An unknown e-mail, a wrong password and an inactive account all answer the same 401 after
/// the same bcrypt work; repeated failures are throttled (`LoginThrottle`).
struct Login: Operation {
    static let method = "auth.login"
    static let http = HTTPBinding(.post, "/auth/login", body: .form, noStore: true)
    static let access = Access.public
    static let summary = "Log in with e-mail (`username`) and password; returns a bearer token and a refresh token"
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

    let store: UserStore
    let hasher: PasswordHasher
    let tokens: SessionTokens
    let throttle: LoginThrottle

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> TokenGrant {
        let email = EmailAddress.canonical(input.username)
        let attempt = try await throttle.begin(email: email, client: context.clientAddress)
        let judged: Judgement
        do {
            judged = try await judge(input.password, email: email)
        } catch {
            await throttle.abandoned(attempt)
            throw error
        }
        let user: User
        switch judged {
        case .valid(let valid):
            user = valid
        case .invalid(let userID):
            await throttle.failed(attempt)
            context.logger.info("login failed", metadata: ["user_id": "\(userID.map(String.init) ?? "none")"])
            throw AuthErrors.invalidLogin
        }
        await throttle.succeeded(attempt)
        // Deactivated since the row was read: no session, the same answer as an inactive account.
        guard let grant = try await tokens.start(userID: user.id) else { throw AuthErrors.invalidLogin }
        await context.session?.bind(bearerToken: grant.accessToken)
        context.logger.info("login succeeded", metadata: ["user_id": "\(user.id)"])
        return grant
    }

    /// What the credentials are worth; a thrown error (the database did not answer) judges
    /// nothing.
    private enum Judgement {
        case valid(User)
        /// A wrong password, an unknown e-mail (no user id) or an inactive account.
        case invalid(userID: Int64?)
    }

    private func judge(_ password: String, email: String) async throws -> Judgement {
        let plausible = PasswordPolicy.couldBeStored(password) && email.unicodeScalars.count <= EmailAddress.maxLength
        let stored = plausible ? try await store.credentials(email: email) : nil
        let matches = try await hasher.verify(password, against: stored?.hashedPassword)
        guard matches, let user = stored?.user, user.isActive else { return .invalid(userID: stored?.user.id) }
        if let hash = stored?.hashedPassword, hasher.needsRehash(hash) {
            try await store.updatePasswordHash(id: user.id, to: try await hasher.hash(password))
        }
        return .valid(user)
    }
}
