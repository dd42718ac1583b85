import Kernel

/// auth.refresh — POST /auth/refresh (form, OAuth2 refresh grant: `refresh_token`, and
/// `grant_type` which, when given, must be `refresh_token`) → a new `TokenGrant` of the same
/// session. A refresh token works once; presenting a spent one ends its session, so a copied
/// token is useful to at most one party and the theft shows (RFC 6749 §10.4). Over JSON-RPC a
/// successful refresh binds the JSON-RPC session to the new access token.
struct RefreshSession: Operation {
    static let method = "auth.refresh"
    static let http = HTTPBinding(.post, "/auth/refresh", body: .form, noStore: true)
    static let access = Access.public
    static let summary = "Exchange a refresh token for a new access token and refresh token (each works once)"
    static let errorStatuses = [401]

    struct Input: OperationInput {
        var refreshToken: String

        init(from r: FieldReader) {
            refreshToken = r.field("refresh_token")
            r.annotate("refresh_token", format: "password")
            let grant: String? = r.optional("grant_type")
            if let grant, grant != "refresh_token" {
                r.invalid(
                    "grant_type", type: "string_pattern_mismatch", msg: "String should match pattern '^refresh_token$'",
                    input: .string(grant), ctx: ["pattern": "^refresh_token$"])
            }
        }
    }

    let tokens: SessionTokens

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> TokenGrant {
        let (userID, grant) = try await tokens.refresh(input.refreshToken, logger: context.logger)
        await context.session?.bind(bearerToken: grant.accessToken)
        context.logger.info("session refreshed", metadata: ["user_id": "\(userID)"])
        return grant
    }
}
