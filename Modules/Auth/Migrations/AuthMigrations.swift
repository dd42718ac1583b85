import Kernel

/// The Auth module's schema. Emails are stored canonical (lower-cased), so the plain unique
/// index makes uniqueness case-insensitive and decides registration races.
enum AuthMigrations {
    static let all = [
        Migration(
            1, "create_users",
            [
                """
                CREATE TABLE users (
                    id {{pk}},
                    email VARCHAR(320) NOT NULL,
                    hashed_password VARCHAR(255) NOT NULL,
                    is_active BOOLEAN NOT NULL DEFAULT TRUE,
                    is_superuser BOOLEAN NOT NULL DEFAULT FALSE,
                    created_at {{timestamp}} NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX uq_users_email ON users (email)",
            ]),
        // Access tokens ended by logout (`RevokedTokens`); `expires_at` in Unix seconds.
        Migration(
            2, "create_revoked_tokens",
            [
                """
                CREATE TABLE revoked_tokens (
                    jti VARCHAR(64) PRIMARY KEY,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX ix_revoked_tokens_expires_at ON revoked_tokens (expires_at)",
            ]),
        // Logins that refresh tokens continue (`AuthSessions`); `generation` counts the refresh
        // tokens issued, `expires_at` (Unix seconds) ends the current one.
        Migration(
            3, "create_auth_sessions",
            [
                """
                CREATE TABLE auth_sessions (
                    id VARCHAR(32) PRIMARY KEY,
                    user_id BIGINT NOT NULL,
                    generation BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    created_at {{timestamp}} NOT NULL,
                    CONSTRAINT fk_auth_sessions_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX ix_auth_sessions_user_id ON auth_sessions (user_id)",
                "CREATE INDEX ix_auth_sessions_expires_at ON auth_sessions (expires_at)",
            ]),
    ]
}
