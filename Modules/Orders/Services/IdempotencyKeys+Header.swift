import Kernel

extension IdempotencyKeys {
    /// Reads an operation's optional `Idempotency-Key` header (over JSON-RPC, the param
    /// `idempotency_key`): 1 to 255 printable ASCII characters, so that every operation taking
    /// a key accepts, refuses and documents the same ones.
    ///
    /// ```swift
    /// init(from r: FieldReader) {
    ///     idempotencyKey = IdempotencyKeys.key(from: r)
    /// }
    /// ```
    public static func key(from r: FieldReader) -> String? {
        r.header("Idempotency-Key", param: "idempotency_key", .minLength(1), .maxLength(255), .printableASCII)
    }
}
