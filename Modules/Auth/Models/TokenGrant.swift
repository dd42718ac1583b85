import Kernel

/// What logging in or refreshing answers (RFC 6749 §5.1): `{access_token, token_type,
/// expires_in, refresh_token}`. The original answered the first two only; clients that read
/// just those keep working.
struct TokenGrant: Encodable, OperationOutput {
    var accessToken: String
    var tokenType = "bearer"
    /// Seconds until the access token expires.
    var expiresIn: Int
    /// Spend it at `POST /auth/refresh` (`auth.refresh`) for a new pair; it works once.
    var refreshToken: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
    }
}

extension TokenGrant: SchemaExample {
    static var schemaExample: TokenGrant {
        TokenGrant(
            accessToken: "eyJhbGciOiJIUzI1NiJ9.e30.c2ln", expiresIn: 86_400,
            refreshToken:
                "0f3c5e2a9b8d4c7e1f6a0b9c8d7e6f5a.0.9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    }
}
