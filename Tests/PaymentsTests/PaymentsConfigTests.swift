import Kernel
import Payments
import Testing

/// The `payments:` section: defaults, values, and the message of a negative `fail_every`.
@Suite struct PaymentsConfigTests {
    func decode(_ yaml: String) throws(ConfigError) -> PaymentsConfig {
        var config = AppConfig(path: "test.yaml")
        try config.setSection("payments", yaml: yaml)
        return try config.section("payments", as: PaymentsConfig.self)
    }

    @Test func defaultsAndValues() throws {
        let defaults = try AppConfig(path: "test.yaml").section("payments", as: PaymentsConfig.self)
        #expect(defaults.provider == "test" && defaults.failEvery == 0)
        #expect(!defaults.alwaysFail && !defaults.refundsUnavailable)
        let config = try decode("fail_every: 3\nalways_fail: true\nrefunds_unavailable: true")
        #expect(config.failEvery == 3 && config.alwaysFail && config.refundsUnavailable)
    }

    @Test func aNegativeFailEveryIsRefused() {
        do {
            _ = try decode("fail_every: -1")
            Issue.record("accepted -1")
        } catch {
            #expect(error.message.contains("`payments.fail_every` is invalid: must be 0 or more, found -1"), "\(error)")
            #expect(error.path == "test.yaml")
        }
    }
}
