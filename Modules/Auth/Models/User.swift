import Foundation
import Kernel

/// An account as the API shows it (`UserRead`): never carries the password hash.
///
/// Encodes as `{"email", "id", "is_active", "is_superuser", "created_at"}` in that order, with
/// `created_at` in UTC with six fraction digits and a `Z`.
public struct User: Sendable, Equatable, Encodable, OperationOutput {
    public var id: Int64
    /// The canonical (trimmed, lower-cased) address.
    public var email: String
    public var isActive: Bool
    public var isSuperuser: Bool
    public var createdAt: Date

    public init(id: Int64, email: String, isActive: Bool, isSuperuser: Bool, createdAt: Date) {
        self.id = id
        self.email = email
        self.isActive = isActive
        self.isSuperuser = isSuperuser
        self.createdAt = createdAt
    }

    /// The identity operations see once the user is authenticated.
    public var identity: UserIdentity {
        UserIdentity(id: id, email: email, isSuperuser: isSuperuser)
    }

    enum CodingKeys: String, CodingKey {
        case email, id
        case isActive = "is_active"
        case isSuperuser = "is_superuser"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(email, forKey: .email)
        try container.encode(id, forKey: .id)
        try container.encode(isActive, forKey: .isActive)
        try container.encode(isSuperuser, forKey: .isSuperuser)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// A user row with its password hash; stays inside the module (login needs the hash).
struct StoredUser: Sendable {
    var user: User
    var hashedPassword: String
}

extension User: SchemaExample {
    /// An active customer, for the API documents.
    public static var schemaExample: User {
        User(
            id: 1, email: "user@example.com", isActive: true, isSuperuser: false,
            createdAt: Date(timeIntervalSince1970: 1_764_072_000))
    }
}
