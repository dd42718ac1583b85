import Foundation
import Testing

@testable import Kernel

/// The shipped `config/*.yaml` files load the way their comments promise.
@Suite struct ConfigFilesTests {
    static let configDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config")

    static func path(_ name: String) -> String {
        configDirectory.appendingPathComponent(name).path
    }

    struct Auth: Decodable {
        var secretKey: String?
        var accessTokenExpireMinutes: Int
        var bcryptCost: Int
        enum CodingKeys: String, CodingKey {
            case secretKey = "secret_key"
            case accessTokenExpireMinutes = "access_token_expire_minutes"
            case bcryptCost = "bcrypt_cost"
        }
    }

    @Test func embeddedDefaultNeedsNothingElse() throws {
        let config = try ConfigLoader.load(path: Self.path("ecom.yaml"), environment: [:])
        #expect(config.env == "dev")
        #expect(config.modules == ["auth", "catalog", "inventory", "orders", "payments"])
        #expect(config.http.host == "127.0.0.1" && config.http.port == 8000 && config.http.corsOrigins == ["*"])
        #expect(config.database.url == "sqlite:var/ecom.sqlite" && config.database.autoMigrate)
        #expect(config.cache.url == "memory://")
        let auth = try config.section("auth", as: Auth.self)
        #expect(auth.secretKey == "" && auth.accessTokenExpireMinutes == 1440 && auth.bcryptCost == 12)
        #expect(config.sectionIDs == ["auth", "catalog", "payments"])
    }

    @Test func productionTakesServicesFromTheEnvironment() throws {
        let environment = [
            "DATABASE_URL": "postgresql+psycopg://ecom:ecom@db:5432/ecom", "REDIS_URL": "redis://redis:6379/0",
            "SECRET_KEY": String(repeating: "x", count: 40), "CORS_ORIGINS": "https://a.example, https://b.example",
        ]
        let config = try ConfigLoader.load(path: Self.path("production.yaml"), environment: environment)
        #expect(config.isProduction)
        #expect(config.database.url == "postgres://ecom:ecom@db:5432/ecom" && config.database.autoMigrate)
        #expect(config.cache.redis?.host == "redis")
        #expect(config.logging.format == .json)
        #expect(config.http.corsOrigins == ["https://a.example", "https://b.example"])
        let auth = try config.section("auth", as: Auth.self)
        let secret = try SecretKey.resolve(
            configured: auth.secretKey, env: config.env, stateDirectory: config.stateDirectory, configPath: config.path)
        #expect(secret == environment["SECRET_KEY"])
    }

    @Test func productionWithoutServicesOrSecretRefusesToStart() throws {
        let path = Self.path("production.yaml")
        let noDatabase = configError { _ = try ConfigLoader.load(path: path, environment: ["REDIS_URL": "redis://r"]) }
        #expect(noDatabase?.path == path)
        #expect(noDatabase?.message.contains("`database.url` is empty; set DATABASE_URL") == true)
        let noCache = configError {
            _ = try ConfigLoader.load(path: path, environment: ["DATABASE_URL": "postgres://d/e"])
        }
        #expect(noCache?.message.contains("`cache.url` is empty; set REDIS_URL") == true)

        let config = try ConfigLoader.load(
            path: path, environment: ["DATABASE_URL": "postgres://d/e", "REDIS_URL": "redis://r"])
        let auth = try config.section("auth", as: Auth.self)
        let noSecret = configError {
            _ = try SecretKey.resolve(
                configured: auth.secretKey, env: config.env, stateDirectory: config.stateDirectory, configPath: path)
        }
        #expect(noSecret?.message.contains("set SECRET_KEY") == true)
    }
}
