import FoundationEssentials
import Kernel

/// Idempotency keys for operations with effects (`orders.create`, `payments.pay`), stored in
/// the database so a restart or another instance honours them. Within 24 hours, the same key
/// from the same user with the same request replays the first answer byte for byte; with a
/// different request it is a 422; while the first is still running, a 409. A request that fails
/// frees its key, since it committed nothing.
///
/// ```swift
/// let request = IdempotentRequest(key: input.key, userID: user.id, method: Self.method, params: canonical)
/// return try await keys.perform(request, status: 201) { claim in
///     try await database.transaction { tx in
///         let order = ...
///         return try await claim.record(order, on: tx)
///     }
/// }
/// ```
public struct IdempotencyKeys: Sendable {
    let database: any Database
    let store = IdempotencyStore()
    /// How long a key is remembered.
    static let window: TimeInterval = 24 * 60 * 60
    /// How long a `running` key may go without an answer before another request may take it
    /// over (its first holder must have died).
    static let lease: TimeInterval = 60

    /// Runs `work` unless `request`'s key already has an answer; `work` must call
    /// `claim.record` in the transaction that commits its effects.
    public func perform(
        _ request: IdempotentRequest?, status: Int, _ work: (IdempotencyClaim) async throws -> [UInt8]
    ) async throws -> RecordedResponse {
        guard let request else {
            return RecordedResponse(
                bytes: try await work(IdempotencyClaim(id: nil, status: status, store: store)), status: status)
        }
        switch try await claim(request) {
        case .replay(let response):
            return response
        case .claimed(let id):
            do {
                let bytes = try await work(IdempotencyClaim(id: id, status: status, store: store))
                return RecordedResponse(bytes: bytes, status: status)
            } catch {
                // In a task of its own, which the cancellation of a request answered 503 at its
                // timeout does not reach: the key must be freed for the retry all the same.
                let (store, database) = (store, database)
                await Task { try? await database.withConnection { db in try await store.release(id, on: db) } }.value
                throw error
            }
        }
    }

    private enum Outcome: Sendable {
        case claimed(Int64)
        case replay(RecordedResponse)
    }

    /// Every statement here is a decision on its own (the unique index, a conditional update),
    /// and purging expired keys is right whatever follows; so no transaction, which saves its
    /// BEGIN and COMMIT round trips. One connection: on SQLite the writer's.
    private func claim(_ request: IdempotentRequest) async throws -> Outcome {
        let store = store
        return try await database.withConnection { db in
            let now = Timestamp.now()
            try await store.purge(userID: request.userID, before: now.addingTimeInterval(-Self.window), on: db)
            if let id = try await store.insert(request, at: now, on: db) { return .claimed(id) }
            guard let existing = try await store.existing(request, on: db) else { throw IdempotencyErrors.inProgress }
            guard existing.method == request.method, existing.fingerprint == request.fingerprint else {
                throw IdempotencyErrors.reused
            }
            if existing.state == "done", let status = existing.responseStatus, let body = existing.responseBody {
                return .replay(RecordedResponse(bytes: Array(body.utf8), status: status))
            }
            let stale = now.addingTimeInterval(-Self.lease)
            if try await store.takeOver(existing.id, staleBefore: stale, at: now, on: db) {
                return .claimed(existing.id)
            }
            throw IdempotencyErrors.inProgress
        }
    }
}

/// The answers about keys that cannot be honoured.
public enum IdempotencyErrors {
    /// 422: the key was used for another request (another body, order or operation).
    public static let reused = AppError(
        status: 422, code: "idempotency_key_reused",
        detail: "Idempotency-Key has already been used for a different request.")
    /// 409: the first request with this key has not finished yet.
    public static let inProgress = AppError.conflict(
        "A request with this Idempotency-Key is still being processed; retry later.",
        code: "idempotency_key_in_progress")
}
