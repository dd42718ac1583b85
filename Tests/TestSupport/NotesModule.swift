import FoundationEssentials
import Kernel

/// A small module used by kernel and transport tests: notes with create/get/list, an operation
/// for users and one for superusers, and a fixed-token authenticator (test double).
public enum NotesModule: Module {
    public static let id = "notes"
    public static let dependencies: [String] = []
    public static let summary = "Test notes"
    public static let migrations = [
        Migration(
            1, "create_notes",
            ["CREATE TABLE notes (id {{pk}}, body VARCHAR(100) NOT NULL, created_at {{timestamp}} NOT NULL)"])
    ]
    public static func cacheNamespaces(_ config: NoConfig) -> [CacheNamespace] {
        [CacheNamespace("notes.list", ttlSeconds: 30)]
    }

    /// Tokens the fake authenticator accepts.
    public static let userToken = "user-token"
    public static let adminToken = "admin-token"

    public static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] {
        context.provideAuthenticator(FixedTokens())
        return [
            AnyOperation(CreateNote(database: context.database)), AnyOperation(GetNote(database: context.database)),
            AnyOperation(ListNotes()), AnyOperation(WhoAmI()), AnyOperation(AdminPing()),
        ]
    }

    /// The registry tests boot: notes alone.
    public static let registry = ModuleRegistry([NotesModule.self])
}

struct FixedTokens: Authenticator {
    func authenticate(bearer token: String) async throws -> UserIdentity {
        switch token {
        case NotesModule.userToken: return UserIdentity(id: 1, email: "user@example.com", isSuperuser: false)
        case NotesModule.adminToken: return UserIdentity(id: 2, email: "admin@example.com", isSuperuser: true)
        default: throw AppError.invalidCredentials
        }
    }
}

public struct Note: Codable, Sendable, OperationOutput {
    public var id: Int
    public var body: String
}

struct CreateNote: Operation {
    static let method = "notes.create"
    static let http = HTTPBinding(.post, "/notes", status: 201)
    static let access = Access.public
    static let summary = "Create a note"
    struct Input: OperationInput {
        var body: String
        var copies: Int
        init(from r: FieldReader) {
            body = r.field("body", .minLength(1), .maxLength(100))
            copies = r.field("copies", default: 1, .ge(1), .le(3))
        }
    }
    let database: any Database

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Note {
        let row = try await database.sql.raw(
            "INSERT INTO notes (body, created_at) VALUES (\(bind: input.body), \(bind: Date())) RETURNING id"
        ).first()
        return Note(id: try row?.decode(column: "id", as: Int.self) ?? 0, body: input.body)
    }
}

struct GetNote: Operation {
    static let method = "notes.get"
    static let http = HTTPBinding(.get, "/notes/{note_id}")
    static let access = Access.public
    static let summary = "Read a note"
    struct Input: OperationInput {
        var noteID: Int
        init(from r: FieldReader) { noteID = r.field("note_id") }
    }
    let database: any Database

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Note {
        guard
            let row = try await database.sql.raw("SELECT id, body FROM notes WHERE id = \(bind: input.noteID)").first()
        else { throw AppError.notFound("Note not found") }
        return try row.decode(model: Note.self)
    }
}

struct ListNotes: Operation {
    enum Order: String, CaseIterable, FieldEnum {
        case newest, oldest
    }
    static let method = "notes.list"
    static let http = HTTPBinding(.get, "/notes")
    static let access = Access.public
    static let summary = "Echo the listing parameters"
    struct Input: OperationInput {
        var limit: Int
        var q: String?
        var order: Order
        var flag: Bool
        init(from r: FieldReader) {
            limit = r.field("limit", default: 20, .ge(1), .le(100))
            q = r.optional("q")
            order = r.field("order", default: .newest)
            flag = r.field("flag", default: false)
        }
    }
    struct Output: Encodable, OperationOutput {
        var limit: Int
        var q: String?
        var order: String
        var flag: Bool
    }

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> Output {
        Output(limit: input.limit, q: input.q, order: input.order.rawValue, flag: input.flag)
    }
}

struct WhoAmI: Operation {
    static let method = "notes.whoami"
    static let http = HTTPBinding(.get, "/notes-me")
    static let access = Access.user
    static let summary = "The caller"
    struct Output: Encodable, OperationOutput {
        var id: Int64
        var email: String
    }

    func callAsFunction(_ input: NoInput, _ context: OperationContext) async throws -> Output {
        let user = try context.requireUser()
        return Output(id: user.id, email: user.email)
    }
}

struct AdminPing: Operation {
    static let method = "notes.admin_ping"
    static let http = HTTPBinding(.delete, "/admin/notes/{note_id}", status: 204)
    static let access = Access.superuser
    static let summary = "Superuser-only no-op"
    struct Input: OperationInput {
        var noteID: Int
        init(from r: FieldReader) { noteID = r.field("note_id", .ge(1)) }
    }

    func callAsFunction(_ input: Input, _ context: OperationContext) async throws -> NoContent {
        NoContent()
    }
}

extension Note: SchemaExample {
    public static var schemaExample: Note { Note(id: 1, body: "Buy milk") }
}

extension ListNotes.Output: SchemaExample {
    static var schemaExample: ListNotes.Output { ListNotes.Output(limit: 20, q: "milk", order: "newest", flag: false) }
}

extension WhoAmI.Output: SchemaExample {
    static var schemaExample: WhoAmI.Output { WhoAmI.Output(id: 1, email: "user@example.com") }
}
