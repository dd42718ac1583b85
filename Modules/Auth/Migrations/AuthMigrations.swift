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
            ])
    ]
}
