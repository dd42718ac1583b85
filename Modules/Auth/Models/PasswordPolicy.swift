import Kernel

/// The password rules: at least 8 characters, at most 72 bytes of UTF-8 (bcrypt ignores
/// anything after the 72nd byte, so a longer password would silently be truncated), and no NUL
/// (bcrypt's C interface would stop reading there).
public enum PasswordPolicy {
    /// The fewest characters accepted.
    public static let minCharacters = 8
    /// The most UTF-8 bytes accepted (bcrypt's limit).
    public static let maxBytes = 72

    /// A broken rule, in pydantic's vocabulary (`type`, `msg`, `ctx`).
    public struct Violation: Error, Sendable, Equatable {
        public var type: String
        public var msg: String
        public var ctx: JSONObject?
    }

    /// The first rule `password` breaks, or nil when it is acceptable.
    public static func violation(of password: String) -> Violation? {
        if password.count < minCharacters {
            return Violation(
                type: "string_too_short", msg: "String should have at least \(minCharacters) characters",
                ctx: ["min_length": .int(Int64(minCharacters))])
        }
        if password.utf8.count > maxBytes {
            return Violation(
                type: "value_error",
                msg: "Value error, password must be at most \(maxBytes) bytes in UTF-8 (bcrypt ignores the rest)",
                ctx: ["max_bytes": .int(Int64(maxBytes))])
        }
        if password.utf8.contains(0) {
            return Violation(
                type: "value_error", msg: "Value error, password must not contain NUL characters", ctx: nil)
        }
        return nil
    }

    /// True when `password` could be the password of some account (login skips the database
    /// comparison otherwise, after the same amount of hashing work).
    static func couldBeStored(_ password: String) -> Bool {
        password.utf8.count <= maxBytes && !password.utf8.contains(0)
    }
}
