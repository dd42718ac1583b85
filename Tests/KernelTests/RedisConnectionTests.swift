import NIOCore
import NIOPosix
import Testing

@testable import Kernel

/// Identical reads issued together go to Redis once: INCR stands in for a read here because
/// its reply tells how many times Redis ran it.
@Suite(.enabled(if: CacheTestRedis.enabled, "set ECOM_TEST_REDIS_URL (required when CI=true)"))
struct RedisConnectionTests {
    @Test func identicalReadsWrittenTogetherShareOneReply() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let connection = RedisConnection(
            configuration: try RedisConfiguration(url: try CacheTestRedis.requireURL(), commandTimeout: .seconds(5)),
            eventLoop: loop, logger: cacheTestLogger)
        let key = uniqueCacheName("joined")
        let increment = try RedisCommandEncoder.encode([Array("INCR".utf8), Array(key.utf8)])
        #expect(try await connection.execute(RedisCommandEncoder.encode([Array("PING".utf8)])) == .status("PONG"))

        let replies = try await loop.flatSubmit {
            let deadline = NIODeadline.now() + .seconds(5)
            let send = { (isRead: Bool) in connection.send(increment, isRead: isRead, deadline: deadline) }
            // Two reads share; a command that is not a read is sent, and a read after it is
            // not answered from before it; the read after that shares again.
            let futures = [send(true), send(true), send(false), send(true), send(true)]
            return EventLoopFuture.whenAllSucceed(futures, on: loop)
        }.get()
        #expect(replies == [.integer(1), .integer(1), .integer(2), .integer(3), .integer(3)])
        // Once flushed, the same read is sent again.
        #expect(try await connection.execute(increment, isRead: true) == .integer(4))

        _ = try await connection.execute(RedisCommandEncoder.encode([Array("DEL".utf8), Array(key.utf8)]))
        await connection.close()
    }
}
