import Foundation
import Kernel

/// The `users` table. Emails passed in must already be canonical (`EmailAddress.canonical`).
struct UserStore: Sendable {
    let database: any Database

    private static let columns = "id, email, is_active, is_superuser, created_at"

    /// Inserts a user; a taken email (also one lost in a race) is a 409.
    func insert(email: String, hashedPassword: String, isSuperuser: Bool) async throws -> User {
        let createdAt = Timestamp.now()
        let statement: SQLQueryString = """
            INSERT INTO users (email, hashed_password, is_active, is_superuser, created_at)
            VALUES (\(bind: email), \(bind: hashedPassword), \(bind: true), \(bind: isSuperuser), \(bind: createdAt))
            RETURNING \(unsafeRaw: Self.columns)
            """
        do {
            // Writes go through `transaction` so SQLite serialises them instead of spinning.
            let row = try await database.transaction { sql in try await sql.raw(statement).first() }
            guard let row else { throw AppError.internalError }
            return try Self.user(row)
        } catch let error where DatabaseFailure(error)?.isUnique(table: "users", column: "email") == true {
            throw AuthErrors.emailTaken
        }
    }

    /// The user with `id`, without the hash.
    func user(id: Int64) async throws -> User? {
        let row = try await database.sql.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM users WHERE id = \(bind: id)"
        ).first()
        return try row.map(Self.user)
    }

    /// The user with `id` unless the token `tokenID` was revoked (`RevokedTokens`) or its
    /// session `sessionID` has ended (`AuthSessions`), in one statement: what the authenticator
    /// runs on every authenticated call.
    func user(id: Int64, unlessRevoked tokenID: String, session sessionID: String?) async throws -> User? {
        let session: SQLQueryString =
            sessionID.map { "AND EXISTS (SELECT 1 FROM auth_sessions WHERE id = \(bind: $0) AND user_id = users.id)" }
            ?? ""
        let row = try await database.sql.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM users WHERE id = \(bind: id)
            AND NOT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = \(bind: tokenID)) \(session)
            """
        ).first()
        return try row.map(Self.user)
    }

    /// The user with `email`, without the hash.
    func user(email: String) async throws -> User? {
        let row = try await database.sql.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM users WHERE email = \(bind: email)"
        ).first()
        return try row.map(Self.user)
    }

    /// The user with `email` and the hash, for login.
    func credentials(email: String) async throws -> StoredUser? {
        let row = try await database.sql.raw(
            "SELECT \(unsafeRaw: Self.columns), hashed_password FROM users WHERE email = \(bind: email)"
        ).first()
        guard let row else { return nil }
        return StoredUser(
            user: try Self.user(row), hashedPassword: try row.decode(column: "hashed_password", as: String.self))
    }

    /// Replaces the password hash of the user with `id`.
    func updatePasswordHash(id: Int64, to hash: String) async throws {
        let statement: SQLQueryString = "UPDATE users SET hashed_password = \(bind: hash) WHERE id = \(bind: id)"
        try await database.transaction { sql in try await sql.raw(statement).run() }
    }

    /// Sets the flags given for the user with `email`; nil when there is no such user.
    func update(email: String, isSuperuser: Bool? = nil, isActive: Bool? = nil) async throws -> User? {
        var assignments: [SQLQueryString] = []
        if let isSuperuser { assignments.append("is_superuser = \(bind: isSuperuser)") }
        if let isActive { assignments.append("is_active = \(bind: isActive)") }
        guard !assignments.isEmpty else { return try await user(email: email) }
        let statement: SQLQueryString = """
            UPDATE users SET \(assignments.joined(separator: ", ")) WHERE email = \(bind: email)
            RETURNING \(unsafeRaw: Self.columns)
            """
        let row = try await database.transaction { sql in try await sql.raw(statement).first() }
        return try row.map(Self.user)
    }

    private static func user(_ row: any SQLRow) throws -> User {
        User(
            id: try row.decode(column: "id", as: Int64.self),
            email: try row.decode(column: "email", as: String.self),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            isSuperuser: try row.decode(column: "is_superuser", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
