import Logging

/// What a handler knows about the call it serves, independent of the transport.
public struct OperationContext: Sendable {
    /// The caller.
    public var principal: Principal
    /// The request id (HTTP `X-Request-ID`, or generated) for logs.
    public var requestID: String
    /// A logger carrying the request id.
    public var logger: Logger
    /// The client's address (the HTTP peer, or the client a trusted proxy forwarded), for
    /// throttling; nil over JSON-RPC, whose caller is whoever started the process.
    public var clientAddress: String?
    /// The JSON-RPC session, which a login may bind to a user; nil over HTTP.
    public var session: (any SessionBinding)?
    /// The credential as presented (HTTP `Authorization`, or the session's token), also for
    /// public operations, which the kernel does not authenticate: logout revokes it.
    public var credentials: Credentials

    public init(
        principal: Principal = .anonymous, requestID: String, logger: Logger, clientAddress: String? = nil,
        session: (any SessionBinding)? = nil, credentials: Credentials = .none
    ) {
        self.principal = principal
        self.requestID = requestID
        self.logger = logger
        self.clientAddress = clientAddress
        self.session = session
        self.credentials = credentials
    }

    /// The authenticated user; the kernel has already enforced `Access.user` before the handler.
    public func requireUser() throws -> UserIdentity {
        guard let user = principal.user else { throw AppError.notAuthenticated }
        return user
    }
}

/// A long-lived transport session (JSON-RPC over stdio) that can remember a credential for the
/// calls that follow, so `auth.login` can log the session in.
public protocol SessionBinding: Sendable {
    /// Use `token` as the bearer credential of the following calls.
    func bind(bearerToken token: String) async
    /// Forget the bound credential.
    func unbind() async
}
