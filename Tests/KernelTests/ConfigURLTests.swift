import Testing

@testable import Kernel

@Suite struct ConfigURLTests {
    @Test(arguments: [
        ("postgres://u:p@h:5432/d", "postgres://u:p@h:5432/d"),
        ("postgresql://u:p@h/d", "postgres://u:p@h/d"),
        ("postgresql+psycopg://ecom:ecom@db:5432/ecom", "postgres://ecom:ecom@db:5432/ecom"),
        ("PostgreSQL+psycopg2://h/d?sslmode=require", "postgres://h/d?sslmode=require"),
        ("sqlite:var/ecom.sqlite", "sqlite:var/ecom.sqlite"),
        ("sqlite:/srv/ecom/db.sqlite", "sqlite:/srv/ecom/db.sqlite"),
        ("sqlite::memory:", "sqlite::memory:"),
    ])
    func databaseURLsAreNormalised(url: String, expected: String) throws {
        let config = try loadConfig("modules: []\ndatabase: { url: \"\(url)\" }")
        #expect(config.database.url == expected)
    }

    @Test func postgresEndpointIsParsed() throws {
        let config = try loadConfig(
            "modules: []\ndatabase: { url: \"postgresql://shop%40eu:p%3Ass@db.internal:6543/shop?sslmode=require\" }")
        let endpoint = try #require(config.database.postgres)
        #expect(endpoint.host == "db.internal" && endpoint.port == 6543 && endpoint.database == "shop")
        #expect(endpoint.username == "shop@eu" && endpoint.password == "p:ss")
        #expect(endpoint.parameters == ["sslmode": "require"])
        #expect(config.database.sqlitePath == nil)
        let bare = try #require(
            try loadConfig("modules: []\ndatabase: { url: \"postgres://localhost\" }").database.postgres)
        #expect(bare == PostgresEndpoint(host: "localhost"))
    }

    @Test(arguments: [
        ("mysql://u:p@h/d", "unsupported scheme \"mysql\""),
        ("postgresql:db", "is not a PostgreSQL URL; write it as postgres://"),
        ("sqlite://var/x.sqlite", "write sqlite:PATH"),
        ("sqlite:", "write sqlite:PATH"),
        ("postgres:///nohost", "has no host"),
        ("postgres://u:hunter2@h:99999/d", "port"),
        ("", "is empty; set DATABASE_URL"),
    ])
    func badDatabaseURLsAreClearErrors(url: String, expected: String) {
        let error = configError { _ = try loadConfig("modules: []\ndatabase:\n  url: \"\(url)\"") }
        #expect(error?.description.hasPrefix("test.yaml:3:8: `database.url` ") == true)
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test(arguments: [
        ("memory://", "memory://"), ("memory", "memory://"), ("redis://localhost", "redis://localhost"),
        ("REDIS://h:1/15", "redis://h:1/15"),
    ])
    func cacheURLsAreNormalised(url: String, expected: String) throws {
        #expect(try loadConfig("modules: []\ncache: { url: \"\(url)\" }").cache.url == expected)
    }

    @Test func redisEndpointIsParsed() throws {
        let config = try loadConfig("modules: []\ncache: { url: \"redis://app:secret@r.internal/3\" }")
        #expect(
            config.cache.redis == RedisEndpoint(host: "r.internal", database: 3, username: "app", password: "secret"))
    }

    @Test(arguments: [
        ("rediss://h:6380/0", "TLS"), ("redis://h/zero", "use a database number"), ("http://h", "unsupported scheme"),
        ("", "set REDIS_URL"), ("redis://:pw@/0", "has no host"),
    ])
    func badCacheURLsAreClearErrors(url: String, expected: String) {
        let error = configError { _ = try loadConfig("modules: []\ncache: { url: \"\(url)\" }") }
        #expect(error?.message.hasPrefix("`cache.url` ") == true)
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func passwordsAreRedacted() {
        #expect(ConfigURL.redacted("postgres://u:pw@h/d") == "postgres://u:***@h/d")
        #expect(ConfigURL.redacted("redis://:pw@h") == "redis://:***@h")
        #expect(ConfigURL.redacted("postgres://u@h/d") == "postgres://u@h/d")
        #expect(ConfigURL.redacted("sqlite:var/x") == "sqlite:var/x")
        // A password may hold `/`, `?` or `#` as SQLAlchemy reads it (base64 keys do).
        #expect(ConfigURL.redacted("postgres://u:ab+c/d3f?G#h==@h:5432/d") == "postgres://u:***@h:5432/d")
    }

    @Test func passwordsMayHoldSlashesAsTheOriginalReadThem() throws {
        let database = try loadConfig(
            "modules: []\ndatabase: { url: \"postgresql+psycopg://ecom:ab+c/d3f?G#h==@db:5432/ecom\" }"
        ).database.postgres
        #expect(
            database == PostgresEndpoint(host: "db", username: "ecom", password: "ab+c/d3f?G#h==", database: "ecom"))
        let cache = try loadConfig("modules: []\ncache: { url: \"redis://:Redis/Secret9@127.0.0.1:6380/2\" }").cache
        #expect(cache.redis == RedisEndpoint(host: "127.0.0.1", port: 6380, database: 2, password: "Redis/Secret9"))
        let error = configError {
            _ = try loadConfig("modules: []\ndatabase: { url: \"postgres://u:s3cr/et@h:99999/d\" }")
        }
        #expect(error?.message.contains("port") == true)
        #expect(error?.description.contains("s3cr") == false)
    }
}
