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
    static let incrementScript = RedisScript(
        """
        local value = redis.call('INCRBY', KEYS[1], ARGV[2])
        if value == tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
        return value
        """)

    /// `advance`: the clock (KEYS[2]) moves past itself and the counter (KEYS[1]), and the
    /// counter takes its value, with the expiry ARGV[1] unless it is empty.
    static let advanceScript = RedisScript(
        """
        local value = redis.call('INCR', KEYS[2])
        local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
        if current >= value then
            value = current + 1
            redis.call('SET', KEYS[2], value)
        end
        if ARGV[1] == '' then redis.call('SET', KEYS[1], value) else redis.call('SET', KEYS[1], value, 'EX', ARGV[1]) end
        return value
        """)

    /// The generation counter (and the entry's own counter, ARGV[4], when not empty) and the
    /// entry of that generation, in one round trip. The entry key is built in the script, so
    /// it is not declared in KEYS, nor is the entry's counter: fine on one Redis server, which
    /// is what `RedisConfiguration` connects to (Redis Cluster would need a hash tag).
    /// ARGV[3] is the tag of the caller's local copy (empty for none): when the entry starts
    /// with it, the answer is `{generation, 1}` instead of the value. No entry: `{generation}`.
    static let generationalGetScript = RedisScript(
        """
        local generation = redis.call('GET', KEYS[1]) or '0'
        if ARGV[4] ~= '' then generation = generation .. '.' .. (redis.call('GET', ARGV[4]) or '0') end
        local key = ARGV[1] .. generation .. ARGV[2]
        if ARGV[3] ~= '' and redis.call('GETRANGE', key, 0, 7) == ARGV[3] then return {generation, 1} end
        return {generation, redis.call('GET', key)}
        """)

    /// Where the store connects.
    public let configuration: RedisConfiguration
    /// One connection per event loop: a command goes out on the connection of the loop it is
    /// issued from, so when Swift concurrency runs on those loops (`ecom serve` installs them
    /// as its executor) a cache hit never changes threads.
    private let connections: [RedisConnection]
    /// Entries already received, validated by tag on every read; nil when disabled.
    let nearCache: NearCache?

    /// A store for `configuration`; connects on the first command. Up to `nearCacheBytes` of
    /// entries are kept in process (0: none), see `NearCache`.
    public init(
        configuration: RedisConfiguration, nearCacheBytes: Int = 64 << 20,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "ecom.cache.redis")
    ) {
        self.configuration = configuration
        self.nearCache = nearCacheBytes > 0 ? NearCache(maxBytes: nearCacheBytes) : nil
        self.connections = eventLoopGroup.makeIterator().map {
            RedisConnection(configuration: configuration, eventLoop: $0, logger: logger)
        }
    }

    /// A store for `redis://[[user]:password@]host[:port][/db]`.
    public convenience init(
        url: String, commandTimeout: Duration = .milliseconds(500), nearCacheBytes: Int = 64 << 20,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "ecom.cache.redis")
    ) throws {
        try self.init(
            configuration: RedisConfiguration(url: url, commandTimeout: commandTimeout),
            nearCacheBytes: nearCacheBytes, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// `GET key`.
    public func get(_ key: String) async throws -> [UInt8]? {
        try await command(["GET", Array(key.utf8)], isRead: true).bytesOrNil()
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

    /// `INCRBY key delta`, or with a ttl an `EVAL` that also sets the expiry when the counter is new.
    public func increment(_ key: String, by delta: Int, ttlSeconds: Int?) async throws -> Int {
        guard let ttlSeconds, ttlSeconds > 0 else {
            return try await command("INCRBY", Array(key.utf8), String(delta)).integer()
        }
        return try await evaluate(Self.incrementScript, keys: [key], String(ttlSeconds), String(delta)).integer()
    }

    /// One run of `advanceScript`.
    public func advance(_ key: String, clock: String, ttlSeconds: Int?) async throws -> Int {
        let expiry = ttlSeconds.map { String(max(1, $0)) } ?? ""
        return try await evaluate(Self.advanceScript, keys: [key, clock], expiry).integer()
    }

    /// One run of `generationalGetScript`, sending the tag of the near cache's copy.
    public func getGenerational(_ counterKey: String, entry: GenerationalKey) async throws -> (
        generation: String, value: [UInt8]?
    ) {
        let local = nearCache?.copy(entry.unversioned)
        let reply = try await evaluate(
            Self.generationalGetScript, isRead: true, keys: [counterKey], Array(entry.prefix.utf8),
            Array(entry.suffix.utf8), local?.tag ?? [], Array((entry.counter ?? "").utf8)
        ).checked()
        guard case .array(let elements) = reply, elements.count == 2 || elements.count == 1 else {
            throw CacheError.protocolError("expected a one- or two-element array reply")
        }
        let generation = try CacheKeys.parseGenerationToken(try elements[0].bytesOrNil())
        if elements.count == 2, case .integer(1) = elements[1] {
            guard let local else { throw CacheError.protocolError("an entry matched a tag that was not sent") }
            AppMetrics.nearCacheHits.increment()
            return (generation, local.value)
        }
        guard elements.count == 2, let tagged = try elements[1].bytesOrNil(), tagged.count >= NearCache.tagLength
        else {
            if local != nil { nearCache?.remove(entry.unversioned) }
            return (generation, nil)
        }
        let value = Array(tagged[NearCache.tagLength...])
        nearCache?.keep(entry.unversioned, tag: Array(tagged[..<NearCache.tagLength]), value: value)
        return (generation, value)
    }

    /// `SET` of the entry with a new random tag in front of `value`, kept in the near cache.
    public func setGenerational(
        _ entry: GenerationalKey, generation: String, _ value: [UInt8], ttlSeconds: Int
    ) async throws {
        let key = entry.key(generation)
        guard ttlSeconds > 0 else { return try await delete(key) }
        let tag = NearCache.makeTag()
        try await command("SET", Array(key.utf8), tag + value, "EX", String(ttlSeconds)).expectStatus("OK")
        nearCache?.keep(entry.unversioned, tag: tag, value: value)
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
        try await command(arguments)
    }

    /// Sends `arguments`; a read-only command (`isRead`) may share the reply of an identical
    /// one issued at the same moment (`RedisConnection.execute`).
    private func command(_ arguments: [any RedisArgument], isRead: Bool = false) async throws -> RedisValue {
        try await connection.execute(RedisCommandEncoder.encode(arguments.map(\.redisBytes)), isRead: isRead)
    }

    /// Runs `script` with `EVALSHA`, or `EVAL` when Redis does not hold it (see `RedisScript`);
    /// `isRead` when the script writes nothing.
    func evaluate(_ script: RedisScript, isRead: Bool = false, keys: [String], _ arguments: any RedisArgument...)
        async throws -> RedisValue
    {
        let tail: [any RedisArgument] = [String(keys.count)] + keys + arguments
        let reply = try await command(["EVALSHA", script.sha1] + tail, isRead: isRead)
        guard case .error(let message) = reply, message.hasPrefix("NOSCRIPT") else { return reply }
        return try await command(["EVAL", script.source] + tail, isRead: isRead)
    }

    /// The current event loop's connection; off the loops (`ecom rpc`), the first one, so that
    /// commands issued together share its flushes (measured: fewer system calls than spreading
    /// them, and no random number per command).
    private var connection: RedisConnection {
        let current = MultiThreadedEventLoopGroup.currentEventLoop
        return connections.first { $0.eventLoop === current } ?? connections[0]
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
