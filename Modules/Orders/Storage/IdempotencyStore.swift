import FoundationEssentials
import Kernel

/// The `idempotency_keys` table: one row per user and key, `running` while the first request
/// works and `done` with its answer afterwards.
struct IdempotencyStore: Sendable {
    /// A key already taken, as found.
    struct Existing: Sendable {
        var id: Int64
        var method: String
        var fingerprint: String
        var state: String
        var responseStatus: Int?
        var responseBody: String?
        var lockedAt: Date
    }

    /// Forgets the user's keys older than `cutoff`, so they can be used again.
    func purge(userID: Int64, before cutoff: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            "DELETE FROM idempotency_keys WHERE user_id = \(bind: userID) AND created_at < \(bind: cutoff)"
        ).run()
    }

    /// Takes the key for `request`; nil when a row for it exists already. The unique index
    /// decides between concurrent requests (PostgreSQL makes the loser wait for the winner).
    func insert(_ request: IdempotentRequest, at now: Date, on db: any SQLDatabase) async throws -> Int64? {
        let row = try await db.raw(
            """
            INSERT INTO idempotency_keys
                (user_id, idempotency_key, method, fingerprint, state, created_at, locked_at)
            VALUES (\(bind: request.userID), \(bind: request.key), \(bind: request.method),
                \(bind: request.fingerprint), 'running', \(bind: now), \(bind: now))
            ON CONFLICT (user_id, idempotency_key) DO NOTHING
            RETURNING id
            """
        ).first()
        return try row?.decode(column: "id", as: Int64.self)
    }

    /// The row holding the user's key.
    func existing(_ request: IdempotentRequest, on db: any SQLDatabase) async throws -> Existing? {
        let row = try await db.raw(
            """
            SELECT id, method, fingerprint, state, response_status, response_body, locked_at FROM idempotency_keys
            WHERE user_id = \(bind: request.userID) AND idempotency_key = \(bind: request.key)
            """
        ).first()
        guard let row else { return nil }
        return Existing(
            id: try row.decode(column: "id", as: Int64.self),
            method: try row.decode(column: "method", as: String.self),
            fingerprint: try row.decode(column: "fingerprint", as: String.self),
            state: try row.decode(column: "state", as: String.self),
            responseStatus: try row.decode(column: "response_status", as: Int?.self),
            responseBody: try row.decode(column: "response_body", as: String?.self),
            lockedAt: try row.decode(column: "locked_at", as: Date.self))
    }

    /// Takes over a `running` key whose holder stopped renewing it before `staleBefore` (a
    /// crashed process); false when someone else is still, or again, working on it.
    func takeOver(_ id: Int64, staleBefore cutoff: Date, at now: Date, on db: any SQLDatabase) async throws -> Bool {
        let row = try await db.raw(
            """
            UPDATE idempotency_keys SET locked_at = \(bind: now)
            WHERE id = \(bind: id) AND state = 'running' AND locked_at < \(bind: cutoff)
            RETURNING id
            """
        ).first()
        return row != nil
    }

    /// Stores the answer; runs in the transaction of the work it answers for.
    func complete(_ id: Int64, status: Int, body: [UInt8], on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE idempotency_keys
            SET state = 'done', response_status = \(bind: status),
                response_body = \(bind: String(decoding: body, as: UTF8.self))
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Frees a key whose request failed without committing anything, so a retry runs again.
    func release(_ id: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM idempotency_keys WHERE id = \(bind: id) AND state = 'running'").run()
    }
}
