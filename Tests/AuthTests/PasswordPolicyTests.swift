import Kernel
import Testing

@testable import Auth

@Suite struct PasswordPolicyTests {
    @Test(arguments: ["12345678", "correct horse", String(repeating: "x", count: 72), "pässwörd", "🔑🔑🔑🔑🔑🔑🔑🔑"])
    func acceptsPasswordsWithinTheLimits(password: String) {
        #expect(PasswordPolicy.violation(of: password) == nil)
    }

    @Test(arguments: ["", "short", "1234567", "🔑🔑🔑🔑🔑🔑🔑"])
    func rejectsShortPasswords(password: String) throws {
        let violation = try #require(PasswordPolicy.violation(of: password))
        #expect(violation.type == "string_too_short")
        #expect(violation.msg == "String should have at least 8 characters")
    }

    @Test func rejectsMoreThan72Bytes() throws {
        // 73 ASCII bytes, and 37 two-byte characters (74 bytes but only 37 characters).
        for password in [String(repeating: "x", count: 73), String(repeating: "é", count: 37)] {
            let violation = try #require(PasswordPolicy.violation(of: password))
            #expect(violation.type == "value_error")
            #expect(violation.msg.contains("at most 72 bytes"))
        }
    }

    @Test func rejectsNUL() throws {
        let violation = try #require(PasswordPolicy.violation(of: "abcd\u{0}efgh"))
        #expect(violation.msg.contains("NUL"))
    }

    @Test func issuesNeverEchoThePassword() throws {
        let violation = try #require(PasswordPolicy.violation(of: "secret"))
        let issue = violation.issue(field: "password")
        #expect(issue.input == .string("**********"))
        #expect(issue.loc == ["body", "password"])
    }
}
