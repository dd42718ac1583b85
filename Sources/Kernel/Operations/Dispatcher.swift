import Logging

/// How the caller presented credentials, as the transport saw them.
public enum Credentials: Sendable, Equatable {
    /// No credential at all.
    case none
    /// An `Authorization` header with a scheme other than Bearer.
    case unsupportedScheme
    /// A bearer token (possibly empty).
    case bearer(String)

    /// Parses an `Authorization` header value the way FastAPI 0.115's `OAuth2PasswordBearer`
    /// does: split at the first space, the scheme `bearer` in any case, the token the rest as it
    /// is (`Bearer  <token>` presents a token starting with a space, a bad one). HTTP has already
    /// removed the spaces and tabs around the value, as uvicorn does, so `Bearer <token> ` works
    /// and `Bearer ` is an empty token; `Bearer<tab><token>` has no Bearer scheme.
    public init(authorizationHeader header: String?) {
        guard let header, !header.isEmpty else {
            self = .none
            return
        }
        // Python splits code points: a space followed by a combining mark still separates.
        let scalars = header.unicodeScalars
        let space = scalars.firstIndex(of: " ") ?? scalars.endIndex
        guard String(scalars[..<space]).lowercased() == "bearer" else {
            self = .unsupportedScheme
            return
        }
        self = .bearer(space == scalars.endIndex ? "" : String(scalars[scalars.index(after: space)...]))
    }
}

/// Everything a transport knows about one call besides its input.
public struct CallInfo: Sendable {
    public var credentials: Credentials
    public var requestID: String
    public var logger: Logger
    public var clientAddress: String?
    public var session: (any SessionBinding)?

    public init(
        credentials: Credentials, requestID: String, logger: Logger, clientAddress: String? = nil,
        session: (any SessionBinding)? = nil
    ) {
        self.credentials = credentials
        self.requestID = requestID
        self.logger = logger
        self.clientAddress = clientAddress
        self.session = session
    }
}

/// Runs operations for both transports in one order: authenticate, authorise, validate, handle,
/// encode — so the two can never disagree about precedence (401/403 before 422).
public struct Dispatcher: Sendable {
    let authenticator: (any Authenticator)?

    public init(authenticator: (any Authenticator)?) {
        self.authenticator = authenticator
    }

    /// Calls `operation` and returns its encoded output.
    public func call(_ operation: AnyOperation, _ bag: InputBag, _ info: CallInfo) async throws -> OperationResult {
        let principal = try await principal(for: operation.access, info.credentials)
        var logger = info.logger
        if let user = principal.user { logger[metadataKey: "user_id"] = "\(user.id)" }
        let context = OperationContext(
            principal: principal, requestID: info.requestID, logger: logger, clientAddress: info.clientAddress,
            session: info.session, credentials: info.credentials)
        var result = try await operation.execute(bag, context)
        result.userID = principal.user?.id
        return result
    }

    private func principal(for access: Access, _ credentials: Credentials) async throws -> Principal {
        guard access != .public else { return .anonymous }
        guard case .bearer(let token) = credentials, let authenticator else { throw AppError.notAuthenticated }
        let user = try await authenticator.authenticate(bearer: token)
        if access == .superuser, !user.isSuperuser { throw AppError.forbidden }
        return .user(user)
    }
}
