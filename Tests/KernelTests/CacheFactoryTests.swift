import Testing

@testable import Kernel

@Suite struct CacheFactoryTests {
    @Test func memory() throws {
        for url in ["memory://", "memory:", "memory"] {
            #expect(try Cache.make(url: url, logger: cacheTestLogger).backendName == "memory")
        }
    }

    @Test func redisURLIsParsedWithoutConnecting() throws {
        let cache = try Cache.make(url: "redis://:s3cr%40t@127.0.0.1:1/4", logger: cacheTestLogger)
        #expect(cache.backendName == "redis")
        let store = try #require(cache.store as? RedisCacheStore)
        #expect(
            store.configuration.endpoint == RedisEndpoint(host: "127.0.0.1", port: 1, database: 4, password: "s3cr@t"))
        #expect(store.configuration.commandTimeout == .milliseconds(500))
    }

    @Test(arguments: [
        "", "postgres://u:hunter2@h/db", "rediss://:hunter2@h:6379", "redis://:hunter2@/0", "redis://:hunter2@h:6379/x",
        "memory://elsewhere", "http://hunter2",
    ])
    func rejectsOtherURLs(url: String) throws {
        let error = try #require(throws: CacheError.self) { try Cache.make(url: url, logger: cacheTestLogger) }
        guard case .invalidURL(let message) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(!message.contains("hunter2"), "the password must not leak: \(message)")
    }
}
