import Kernel

/// How account fields read from an operation's input and how their problems are reported, so
/// registration over either transport and `UserAdministration.createUser` say the same thing.
extension FieldReader {
    /// A required e-mail address, validated and returned canonical.
    func email(_ name: String) -> String {
        let raw: String = field(name)
        annotate(name, format: "email")
        guard !isRecording, !hasFailed(name) else { return raw }
        do {
            return try EmailAddress.normalize(raw)
        } catch {
            let issue = error.issue(field: name, input: raw)
            invalid(name, type: issue.type, msg: issue.msg, input: issue.input, ctx: issue.ctx)
            return raw
        }
    }

    /// A required new password, checked against `PasswordPolicy`.
    func newPassword(_ name: String) -> String {
        let password: String = field(name)
        annotate(name, format: "password")
        // maxLength counts characters: 72 bytes are at most 72 characters (the byte limit is
        // checked by the policy).
        document(name, .minLength(PasswordPolicy.minCharacters))
        document(name, .maxLength(PasswordPolicy.maxBytes))
        guard !isRecording, !hasFailed(name), let violation = PasswordPolicy.violation(of: password) else {
            return password
        }
        let issue = violation.issue(field: name)
        invalid(name, type: issue.type, msg: issue.msg, input: issue.input, ctx: issue.ctx)
        return password
    }
}

extension EmailAddress.Invalid {
    /// The issue pydantic's `EmailStr` reports.
    func issue(field: String, input: String) -> ValidationIssue {
        ValidationIssue(
            type: "value_error", loc: ["body", .string(field)], msg: "value is not a valid email address: \(reason)",
            input: .string(input), ctx: ["reason": .string(reason)])
    }
}

extension PasswordPolicy.Violation {
    /// The issue, with the password itself masked the way pydantic masks a `SecretStr`.
    func issue(field: String) -> ValidationIssue {
        ValidationIssue(type: type, loc: ["body", .string(field)], msg: msg, input: "**********", ctx: ctx)
    }
}
