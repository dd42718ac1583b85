import Logging
import NIOCore
import NIOPosix

/// A `CacheStore` on Redis: SwiftNIO for I/O, hiredis only to format commands and parse
/// replies. One pipelined connection per event loop, each opened lazily and reopened after
/// failures; every command fails with `CacheError.timeout` after `commandTimeout` rather than
/// hang.
///
/// ```swift
/// let store = try RedisCacheStore(url: "redis://127.0.0.1:6379/0")
/// try await store.set("greeting", Array("hi".utf8), ttlSeconds: 60)
/// ```
public final class RedisCacheStore: CacheStore {
    /// INCR, and EXPIRE on the increment that created the key, as one atomic script.
    static let incrementScript = """
        local value = redis.call('INCR', KEYS[1])
        if value == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
        return value
        """

    /// The generation counter and the entry of that generation, in one round trip. The entry
    /// key is built in the script, so it is not declared in KEYS: fine on one Redis server,
    /// which is what `RedisConfiguration` connects to (Redis Cluster would need a hash tag).
    static let generationalGetScript = """
        local generation = redis.call('GET', KEYS[1]) or '0'
        return {generation, redis.call('GET', ARGV[1] .. generation .. ARGV[2])}
        """

    /// Where the store connects.
    public let configuration: RedisConfiguration
    /// One connection per event loop: a command goes out on the connection of the loop it is
    /// issued from, so when Swift concurrency runs on those loops (`ecom serve` installs them
    /// as its executor) a cache hit never changes threads.
    private let connections: [RedisConnection]

    /// A store for `configuration`; connects on the first command.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "ecom.cache.redis")
    ) {
        self.configuration = configuration
        self.connections = eventLoopGroup.makeIterator().map {
            RedisConnection(configuration: configuration, eventLoop: $0, logger: logger)
        }
    }

    /// A store for `redis://[[user]:password@]host[:port][/db]`.
    public convenience init(
        url: String, commandTimeout: Duration = .milliseconds(500),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "ecom.cache.redis")
    ) throws {
        try self.init(
            configuration: RedisConfiguration(url: url, commandTimeout: commandTimeout),
            eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// `GET key`.
    public func get(_ key: String) async throws -> [UInt8]? {
        try await command("GET", Array(key.utf8)).bytesOrNil()
    }

    /// `SET key value EX ttl`; a ttl below one second deletes the key instead.
    public func set(_ key: String, _ value: [UInt8], ttlSeconds: Int) async throws {
        guard ttlSeconds > 0 else { return try await delete(key) }
        try await command("SET", Array(key.utf8), value, "EX", String(ttlSeconds)).expectStatus("OK")
    }

    /// `DEL key`.
    public func delete(_ key: String) async throws {
        _ = try await command("DEL", Array(key.utf8)).integer()
    }

    /// `INCR key`, or with a ttl an `EVAL` that also sets the expiry when the counter is new.
    public func increment(_ key: String, ttlSeconds: Int?) async throws -> Int {
        guard let ttlSeconds, ttlSeconds > 0 else {
            return try await command("INCR", Array(key.utf8)).integer()
        }
        return try await command("EVAL", Self.incrementScript, "1", Array(key.utf8), String(ttlSeconds)).integer()
    }

    /// One `EVAL` of `generationalGetScript`.
    public func getGenerational(_ counterKey: String, entry: GenerationalKey) async throws -> (
        generation: Int, value: [UInt8]?
    ) {
        let reply = try await command(
            "EVAL", Self.generationalGetScript, "1", Array(counterKey.utf8), Array(entry.prefix.utf8),
            Array(entry.suffix.utf8)
        ).checked()
        guard case .array(let elements) = reply, elements.count == 2 || elements.count == 1 else {
            throw CacheError.protocolError("expected a two-element array reply")
        }
        let generation = try CacheKeys.parseGeneration(try elements[0].bytesOrNil())
        return (generation, elements.count == 2 ? try elements[1].bytesOrNil() : nil)
    }

    /// `PING`.
    public func ping() async throws {
        try await command("PING").expectStatus("PONG")
    }

    /// Closes the connections; later commands throw `CacheError.closed`.
    public func close() async {
        for connection in connections { await connection.close() }
    }

    /// Sends any command; arguments are `String` (sent as UTF-8) or `[UInt8]`.
    func command(_ arguments: any RedisArgument...) async throws -> RedisValue {
        try await connection.execute(RedisCommandEncoder.encode(arguments.map(\.redisBytes)))
    }

    /// The current event loop's connection, or any.
    private var connection: RedisConnection {
        let current = MultiThreadedEventLoopGroup.currentEventLoop
        return connections.first { $0.eventLoop === current } ?? connections.randomElement()!
    }
}

/// A value `RedisCacheStore.command` accepts as an argument.
protocol RedisArgument: Sendable {
    var redisBytes: [UInt8] { get }
}

extension String: RedisArgument {
    var redisBytes: [UInt8] { Array(utf8) }
}

extension Array: RedisArgument where Element == UInt8 {
    var redisBytes: [UInt8] { self }
}
