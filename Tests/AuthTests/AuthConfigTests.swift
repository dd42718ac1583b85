import Kernel
import Testing

@testable import Auth

@Suite struct AuthConfigTests {
    func decode(_ yaml: String) throws(ConfigError) -> AuthConfig {
        var config = AppConfig(path: "test.yaml")
        try config.setSection("auth", yaml: yaml)
        return try config.section("auth", as: AuthConfig.self)
    }

    @Test func defaultsMatchTheOriginal() throws {
        let config = try AppConfig(path: "test.yaml").section("auth", as: AuthConfig.self)
        #expect(config.secretKey == nil)
        #expect(config.jwtAlgorithm == .hs256)
        #expect(config.accessTokenExpireMinutes == 1440)
        #expect(config.bcryptCost == 12)
        #expect(config.loginMaxFailuresPerEmail == 5)
        #expect(config.loginMaxFailuresPerClient == 30)
        #expect(config.loginWindowSeconds == 900)
    }

    @Test func readsEverySetting() throws {
        let config = try decode(
            """
            secret_key: "0123456789abcdef0123456789abcdef"
            jwt_algorithm: hs512
            access_token_expire_minutes: 15
            bcrypt_cost: 4
            login_max_failures_per_email: 3
            login_max_failures_per_client: 10
            login_window_seconds: 60
            """)
        #expect(config.secretKey == "0123456789abcdef0123456789abcdef")
        #expect(config.jwtAlgorithm == .hs512)
        #expect(config.accessTokenExpireMinutes == 15)
        #expect(config.bcryptCost == 4)
        #expect(config.loginMaxFailuresPerEmail == 3)
        #expect(config.loginMaxFailuresPerClient == 10)
        #expect(config.loginWindowSeconds == 60)
    }

    @Test(arguments: [
        ("jwt_algorithm: RS256", "auth.jwt_algorithm"),
        ("bcrypt_cost: 3", "auth.bcrypt_cost"),
        ("bcrypt_cost: 32", "auth.bcrypt_cost"),
        ("access_token_expire_minutes: 0", "auth.access_token_expire_minutes"),
        ("login_window_seconds: many", "auth.login_window_seconds"),
        ("secret: abc", "auth.secret"),
    ])
    func rejectsBadValuesNamingTheKey(yaml: String, key: String) {
        do {
            _ = try decode(yaml)
            Issue.record("accepted \(yaml)")
        } catch {
            #expect(error.message.contains("`\(key)`"), "\(error.description)")
            #expect(error.path == "test.yaml")
        }
    }

    /// The range and the value found are in the message (`ModuleConfigKeys`' decode helper).
    @Test func anOutOfRangeValueNamesTheRange() {
        #expect(throws: ConfigError.self) { try decode("bcrypt_cost: 32") }
        do {
            _ = try decode("bcrypt_cost: 32")
        } catch {
            #expect(error.message.contains("`auth.bcrypt_cost` is invalid: must be between 4 and 31, found 32"))
        }
        #expect(throws: Never.self) { try decode("refresh_token_expire_days: 3650") }
    }
}
