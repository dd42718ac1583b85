import Kernel

/// A request carrying an `Idempotency-Key`: the key, its owner, and a fingerprint of what was
/// asked (the operation and its canonical params, never the raw body).
public struct IdempotentRequest: Sendable, Equatable {
    /// The client's key (`Idempotency-Key`).
    public var key: String
    /// Keys are per user: two users may use the same one.
    public var userID: Int64
    /// The operation (`orders.create`).
    public var method: String
    /// SHA-256 of the method and the canonical params.
    public var fingerprint: String

    /// A request for `method` with `params` written in a canonical form (same request, same
    /// bytes); nil without a key, for operations whose key is optional.
    public init?(key: String?, userID: Int64, method: String, params: JSONValue) {
        guard let key else { return nil }
        self.key = key
        self.userID = userID
        self.method = method
        self.fingerprint = Digest.sha256Hex(JSONValue.array([.string(method), params]).serializedBytes())
    }
}

/// The answer of an idempotent operation: the bytes and status of the first response, whether
/// this call produced them or replays them.
public struct RecordedResponse: OperationOutput, Sendable, Equatable {
    /// The JSON body.
    public var bytes: [UInt8]
    /// The HTTP status it was first answered with.
    public var status: Int

    /// An answer to send or replay.
    public init(bytes: [UInt8], status: Int) {
        self.bytes = bytes
        self.status = status
    }

    public func encodedJSON() throws -> [UInt8]? { bytes }
    public var statusOverride: Int? { status }
}

/// Handed to the work of an idempotent request: records its answer inside the work's own
/// transaction, so the effect and the stored answer commit together or not at all.
public struct IdempotencyClaim: Sendable {
    let id: Int64?
    let status: Int
    let store: IdempotencyStore

    /// The claim of work no request waits for (a periodic job): nothing is recorded.
    public static let none = IdempotencyClaim(id: nil, status: 200, store: IdempotencyStore())

    /// Whether `record` writes to the database (a key was given), so needs a transaction.
    public var recordsAnswer: Bool { id != nil }

    /// Encodes `value`, stores it as the key's answer on `transaction` and returns the bytes.
    public func record(_ value: some Encodable, on transaction: any SQLDatabase) async throws -> [UInt8] {
        let bytes = try JSONCoding.encode(value)
        if let id { try await store.complete(id, status: status, body: bytes, on: transaction) }
        return bytes
    }
}
