import Logging

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
