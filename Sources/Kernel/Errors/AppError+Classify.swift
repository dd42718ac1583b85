import Logging

/// Maps errors that are not `AppError` onto answers that leak nothing.
extension AppError {
    /// What a caller is told of `error` (see `classify`), logged the same way on every
    /// transport: a 5xx the service gives on purpose (database down, timeout) as a warning
    /// naming the error's type; anything unexpected as an error with its whole description,
    /// which never reaches the caller, answered 500.
    public static func answer(for error: any Error, logger: Logger) -> AppError {
        guard let known = classify(error) else {
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return .internalError
        }
        if known.status >= 500 {
            logger.warning("service unavailable", metadata: ["error": "\(type(of: error))"])
        }
        return known
    }

    /// The answer for any error: itself when it is an `AppError`; 503 for an unreachable
    /// database, a timeout or work cancelled by shutdown; 409 for a constraint violation no module translated; otherwise
    /// nil, meaning "unexpected" (a 500, with the cause in the log only).
    public static func classify(_ error: any Error) -> AppError? {
        if let error = error as? AppError { return error }
        if error is TimeoutError || error is CancellationError { return .unavailable }
        switch DatabaseFailure(error) {
        case .unavailable: return .unavailable
        case .uniqueViolation: return .conflict("Resource already exists")
        case .foreignKeyViolation: return .conflict("Resource is referenced by other resources")
        case .checkViolation: return .conflict("Request conflicts with the current state")
        case .concurrentConflict:
            return .conflict(
                "The request conflicted with a concurrent change; send it again", code: "concurrent_update")
        case nil: return nil
        }
    }
}
