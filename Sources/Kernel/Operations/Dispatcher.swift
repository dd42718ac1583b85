import Logging

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
