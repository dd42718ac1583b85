import Foundation
import Testing

@testable import Kernel

/// Every duration setting has a range, so a value that would crash a clock conversion or time
/// out everything is refused while loading, with the usual one-line error.
@Suite struct ConfigDurationTests {
    @Test(arguments: [
        ("http", "request_timeout_seconds", "1e19", "between 0.1 and 86400 seconds, found 1e19"),
        ("http", "request_timeout_seconds", "1e-300", "between 0.1 and 86400 seconds, found 1e-300"),
        ("http", "read_timeout_seconds", "1e300", "between 0.1 and 86400 seconds, found 1e300"),
        ("http", "read_timeout_seconds", "0.05", "between 0.1 and 86400 seconds, found 0.05"),
        ("http", "shutdown_grace_seconds", "1e19", "between 0 and 3600 seconds, found 1e19"),
        ("http", "shutdown_grace_seconds", "-1", "between 0 and 3600 seconds, found -1"),
        ("http", "request_timeout_seconds", ".inf", "a number of seconds, found \".inf\""),
        ("database", "statement_timeout_seconds", "1e300", "between 0.001 and 2147483 seconds, found 1e300"),
        ("database", "statement_timeout_seconds", "1e7", "between 0.001 and 2147483 seconds, found 1e7"),
        ("database", "statement_timeout_seconds", "0.0004", "between 0.001 and 2147483 seconds, found 0.0004"),
        ("database", "statement_timeout_seconds", "0", "between 0.001 and 2147483 seconds, found 0"),
    ])
    func outOfRangeDurationsAreRefused(section: String, key: String, value: String, expected: String) {
        let error = configError { _ = try loadConfig("modules: [a]\n\(section): { \(key): \(value) }") }
        #expect(error?.message == "`\(section).\(key)` must be \(expected)")
        #expect(error?.line == 2)
    }

    @Test func theBoundsThemselvesAreAccepted() throws {
        let low = try loadConfig(
            """
            modules: [a]
            http: { request_timeout_seconds: 0.1, read_timeout_seconds: 0.1, shutdown_grace_seconds: 0 }
            database: { statement_timeout_seconds: 0.001 }
            """)
        #expect(low.http.requestTimeoutSeconds == 0.1 && low.http.readTimeoutSeconds == 0.1)
        #expect(low.http.shutdownGraceSeconds == 0 && low.database.statementTimeoutSeconds == 0.001)
        let high = try loadConfig(
            """
            modules: [a]
            http: { request_timeout_seconds: 86400, read_timeout_seconds: "86400", shutdown_grace_seconds: 3600 }
            database: { statement_timeout_seconds: 2147483 }
            """)
        #expect(high.http.requestTimeoutSeconds == 86400 && high.http.readTimeoutSeconds == 86400)
        #expect(high.http.shutdownGraceSeconds == 3600 && high.database.statementTimeoutSeconds == 2_147_483)
    }
}

/// YAML aliases cannot expand a small file into an unbounded config.
@Suite struct ConfigAliasTests {
    @Test func anAliasBombIsRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(previous)]\n"
        }
        let error = configError { _ = try loadConfig(yaml + "modules: [catalog]\n") }
        #expect(error?.message.contains("expands to more than 100000 values") == true)
        #expect(error?.message.contains("aliases") == true)
    }

    @Test func ordinaryAliasesStillWork() throws {
        let config = try loadConfig("list: &m [catalog]\nmodules: *m\n")
        #expect(config.modules == ["catalog"])
    }
}

/// A module list that comes from a string must name a module; `modules: []` is deliberate.
@Suite struct ConfigModuleListTests {
    @Test func aStringNamingNoModuleIsRefused() {
        let fromEnvironment = configError { _ = try loadConfig("modules: [catalog]", ["ECOM_MODULES": " , "]) }
        #expect(fromEnvironment?.message.contains("`modules` names no module") == true)
        #expect(fromEnvironment?.message.contains("environment variable ECOM_MODULES") == true)
        let fromReference = configError { _ = try loadConfig("modules: \"${X:-}\"") }
        #expect(fromReference?.message.contains("`modules` names no module") == true)
    }

    @Test func anExplicitEmptyListIsKept() throws {
        #expect(try loadConfig("modules: []").modules.isEmpty)
    }
}

/// `env` is echoed as written; only development names run without a configured secret.
@Suite struct ConfigEnvironmentNameTests {
    @Test func envIsKeptAsWritten() throws {
        let config = try loadConfig("modules: [catalog]", ["APP_ENV": "Production"])
        #expect(config.env == "Production" && config.isProduction)
    }

    @Test(arguments: [("dev", false), ("Test", false), ("development", false), ("prod", true), ("staging", true)])
    func onlyDevelopmentNamesAreNotProduction(env: String, production: Bool) throws {
        #expect(try loadConfig("modules: [catalog]\nenv: \(env)").isProduction == production)
    }
}
