import Kernel

/// The module's error answers, with the original's texts.
enum AuthErrors {
    /// 409 for a taken e-mail address (also when a registration race is lost).
    static let emailTaken = AppError.conflict("Email already registered", code: "email_taken")
    /// 401 for a failed login: unknown e-mail, wrong password and inactive account look alike.
    static let invalidLogin = AppError(status: 401, code: "invalid_credentials", detail: "Invalid credentials")
    /// 401 for a refresh token that is malformed, forged, expired, spent, of an ended session
    /// or of an inactive account: all look alike.
    static let invalidRefreshToken = AppError(
        status: 401, code: "invalid_refresh_token", detail: "Invalid refresh token")
    /// 404 for an administrative action on an unknown account.
    static let userNotFound = AppError.notFound("User not found", code: "user_not_found")
    /// 409 when a superuser would demote or deactivate their own account.
    static let selfChange = AppError.conflict(
        "You cannot demote or deactivate your own account", code: "self_change_refused")
}
