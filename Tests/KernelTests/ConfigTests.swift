import Foundation
import Logging
import Testing

@testable import Kernel

/// Loads `yaml` as `test.yaml`, with `environment` as the process environment.
func loadConfig(_ yaml: String, _ environment: [String: String] = [:]) throws(ConfigError) -> AppConfig {
    try ConfigLoader.load(yaml: yaml, path: "test.yaml", environment: environment)
}

/// The `ConfigError` that `body` throws, or nil (a different error fails the test).
func configError(_ body: () throws -> Void) -> ConfigError? {
    do {
        try body()
        return nil
    } catch let error as ConfigError {
        return error
    } catch {
        Issue.record("expected a ConfigError, got \(error)")
        return nil
    }
}

@Suite struct ConfigParsingTests {
    @Test func minimalConfigTakesDefaults() throws {
        let config = try loadConfig("modules: [catalog]")
        #expect(config.path == "test.yaml")
        #expect(config.env == "dev")
        #expect(config.modules == ["catalog"])
        #expect(config.http == HTTPSettings())
        #expect(config.http.host == "127.0.0.1" && config.http.port == 8000)
        #expect(config.http.maxBodyBytes == 1_048_576 && config.http.corsOrigins.isEmpty)
        #expect(config.http.requestTimeoutSeconds == 30 && config.http.shutdownGraceSeconds == 10)
        #expect(config.http.readTimeoutSeconds == 30)
        #expect(config.database == DatabaseSettings(url: "sqlite:var/ecom.sqlite", autoMigrate: true, poolSize: 10))
        #expect(config.cache.url == "memory://" && config.cache.redis == nil)
        #expect(config.cache.nearCacheMegabytes == 64)
        #expect(config.logging == LogSettings(level: .info, format: .text))
        let cwd = FileManager.default.currentDirectoryPath
        #expect(
            config.stateDirectory == URL(fileURLWithPath: cwd).appendingPathComponent("var").standardizedFileURL.path)
        #expect(!config.isProduction)
    }

    @Test func everyKernelSettingIsRead() throws {
        let config = try loadConfig(
            """
            env: Staging
            modules: "auth, catalog"
            http:
              host: 0.0.0.0
              port: 9001
              max_body_bytes: 2_048
              request_timeout_seconds: 2.5
              read_timeout_seconds: 4
              shutdown_grace_seconds: 0
              cors_origins: ["https://shop.example.com", "http://localhost:3000"]
            database: { url: "sqlite::memory:", auto_migrate: no, pool_size: 3, statement_timeout_seconds: 5 }
            cache: { url: "redis://:pw@cache.internal:6380/2", near_cache_mb: 0 }
            logging: { level: WARN, format: json }
            state_directory: /tmp/ecom-state/../ecom-state
            catalog: { listing_cache_ttl_seconds: 60 }
            """)
        #expect(config.env == "Staging" && config.isProduction)
        #expect(config.modules == ["auth", "catalog"])
        #expect(
            config.http
                == HTTPSettings(
                    host: "0.0.0.0", port: 9001, maxBodyBytes: 2048, requestTimeoutSeconds: 2.5,
                    readTimeoutSeconds: 4, shutdownGraceSeconds: 0,
                    corsOrigins: ["https://shop.example.com", "http://localhost:3000"]))
        #expect(config.database.sqlitePath == ":memory:" && config.database.postgres == nil)
        #expect(!config.database.autoMigrate && config.database.poolSize == 3)
        #expect(config.database.statementTimeoutSeconds == 5)
        #expect(config.cache.redis == RedisEndpoint(host: "cache.internal", port: 6380, database: 2, password: "pw"))
        #expect(config.cache.nearCacheMegabytes == 0)
        #expect(config.logging == LogSettings(level: .warning, format: .json))
        #expect(config.stateDirectory == "/tmp/ecom-state")
        #expect(config.sectionIDs == ["catalog"])
    }

    @Test func yamlAnchorsAndMergeKeysWork() throws {
        let config = try loadConfig(
            """
            base: &base { port: 9000, host: 10.0.0.1 }
            modules: [catalog]
            http: { <<: *base, port: 9100 }
            """)
        #expect(config.http.port == 9100 && config.http.host == "10.0.0.1")
    }
}

@Suite struct ConfigEnvironmentTests {
    @Test func referencesExpandWithDefaults() throws {
        // Unquoted references work in block style; inside `{ }` quote them (YAML flow syntax).
        let yaml = """
            modules: [catalog]
            http:
              host: "${HOST:-localhost}"
              port: ${PORT:-8081}
            database: { url: "sqlite:${DIR:-var}/${NAME}.sqlite" }
            catalog: { greeting: "$HOME is not a reference, ${GREETING:-hi there}!" }
            """
        let config = try loadConfig(yaml, ["NAME": "shop", "HOME": "/root"])
        #expect(config.http.host == "localhost" && config.http.port == 8081)
        #expect(config.database.url == "sqlite:var/shop.sqlite")
        struct Catalog: Decodable { var greeting: String }
        #expect(try config.section("catalog", as: Catalog.self).greeting == "$HOME is not a reference, hi there!")

        let set = try loadConfig(yaml, ["HOST": "10.1.1.1", "PORT": "9999", "DIR": "/data", "NAME": "x"])
        #expect(set.http.host == "10.1.1.1" && set.http.port == 9999 && set.database.url == "sqlite:/data/x.sqlite")
    }

    @Test func anEmptyVariableTakesTheDefaultAndAnUnsetOneWithoutDefaultIsEmpty() throws {
        let config = try loadConfig(
            "modules: [auth]\nauth: { a: \"${A:-fallback}\", b: \"[${B}]\" }", ["A": ""])
        struct Auth: Decodable { var a: String, b: String }
        let auth = try config.section("auth", as: Auth.self)
        #expect(auth.a == "fallback" && auth.b == "[]")
    }

    @Test func anEmptyPlainValueMeansTheDefault() throws {
        let config = try loadConfig("modules: [catalog]\nhttp:\n  port: ${APP_PORT_X:-}\n")
        #expect(config.http.port == 8000)
    }

    @Test(arguments: ["${UNCLOSED", "${1BAD}", "${A-b}", "${}"])
    func malformedReferencesAreErrors(reference: String) {
        let error = configError { _ = try loadConfig("modules: [catalog]\nhttp: { host: \"\(reference)\" }") }
        #expect(error?.path == "test.yaml" && error?.line == 2)
        #expect(error?.message.contains("${") == true)
    }

    @Test func aBadValueFromAVariableNamesTheVariable() {
        let error = configError {
            _ = try loadConfig("modules: [catalog]\nhttp:\n  port: ${MY_PORT}", ["MY_PORT": "x"])
        }
        #expect(error?.message.contains("`http.port` must be a whole number") == true)
        #expect(error?.message.contains("environment variable MY_PORT") == true)
    }
}

@Suite struct ConfigOverrideTests {
    static let yaml = """
        env: dev
        modules: [catalog]
        http: { host: 127.0.0.1, port: 8000 }
        database: { url: "sqlite:var/ecom.sqlite" }
        cache: { url: "memory://" }
        auth: { secret_key: "from-the-file", jwt_algorithm: HS512, access_token_expire_minutes: 5 }
        """

    struct Auth: Decodable {
        var secretKey: String?
        var jwtAlgorithm: String?
        var accessTokenExpireMinutes: Int?
        enum CodingKeys: String, CodingKey {
            case secretKey = "secret_key"
            case jwtAlgorithm = "jwt_algorithm"
            case accessTokenExpireMinutes = "access_token_expire_minutes"
        }
    }

    @Test func theOriginalsVariablesOverrideTheFile() throws {
        let config = try loadConfig(
            Self.yaml,
            [
                "APP_ENV": "production", "APP_HOST": "0.0.0.0", "APP_PORT": "8080",
                "DATABASE_URL": "postgresql+psycopg://ecom:ecom@db:5432/ecom", "REDIS_URL": "redis://redis:6379/0",
                "SECRET_KEY": "s3cret", "JWT_ALGORITHM": "HS256", "ACCESS_TOKEN_EXPIRE_MINUTES": "1440",
                "ECOM_MODULES": "auth, catalog,inventory,",
            ])
        #expect(config.env == "production" && config.isProduction)
        #expect(config.http.host == "0.0.0.0" && config.http.port == 8080)
        #expect(config.database.url == "postgres://ecom:ecom@db:5432/ecom")
        #expect(
            config.database.postgres
                == PostgresEndpoint(host: "db", username: "ecom", password: "ecom", database: "ecom"))
        #expect(config.cache.url == "redis://redis:6379/0")
        #expect(config.modules == ["auth", "catalog", "inventory"])
        let auth = try config.section("auth", as: Auth.self)
        #expect(auth.secretKey == "s3cret" && auth.jwtAlgorithm == "HS256")
        #expect(auth.accessTokenExpireMinutes == 1440)
    }

    @Test func withoutVariablesTheFileWins() throws {
        let config = try loadConfig(Self.yaml, ["DATABASE_URL": "", "UNRELATED": "1"])
        #expect(config.database.url == "sqlite:var/ecom.sqlite" && config.http.port == 8000)
        let auth = try config.section("auth", as: Auth.self)
        #expect(auth.secretKey == "from-the-file" && auth.accessTokenExpireMinutes == 5)
    }

    @Test func overridesCreateMissingSections() throws {
        let config = try loadConfig("modules: [auth]", ["SECRET_KEY": "k", "APP_PORT": "81"])
        #expect(try config.section("auth", as: Auth.self).secretKey == "k")
        #expect(config.http.port == 81)
    }

    @Test func numericVariablesAreDecimal() throws {
        let config = try loadConfig(Self.yaml, ["ACCESS_TOKEN_EXPIRE_MINUTES": "0100", "APP_PORT": " 0800"])
        #expect(try config.section("auth", as: Auth.self).accessTokenExpireMinutes == 100)
        #expect(config.http.port == 800)
    }

    @Test func aBadNumericVariableIsAnError() {
        let minutes = configError { _ = try loadConfig(Self.yaml, ["ACCESS_TOKEN_EXPIRE_MINUTES": "a day"]) }
        #expect(minutes?.message.contains("ACCESS_TOKEN_EXPIRE_MINUTES=\"a day\" must be a whole number") == true)
        let port = configError { _ = try loadConfig(Self.yaml, ["APP_PORT": "99999"]) }
        #expect(port?.message.contains("`http.port` must be between 0 and 65535") == true)
        #expect(port?.message.contains("APP_PORT") == true)
    }
}
