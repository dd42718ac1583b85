import NIOCore
import NIOPosix

extension RedisConnection {
    /// AUTH and SELECT, pipelined, before the connection is handed to callers: a command must
    /// never run unauthenticated or against database 0 by mistake.
    func handshake(on channel: any Channel, deadline: NIODeadline) -> EventLoopFuture<Void> {
        let endpoint = configuration.endpoint
        var commands: [[String]] = []
        if let password = endpoint.password {
            commands.append(["AUTH"] + (endpoint.username.map { [$0] } ?? []) + [password])
        }
        if endpoint.database != 0 {
            commands.append(["SELECT", String(endpoint.database)])
        }
        guard !commands.isEmpty else { return eventLoop.makeSucceededVoidFuture() }
        let replies: [EventLoopFuture<RedisValue>]
        do {
            replies = try commands.map { arguments in
                let promise = eventLoop.makePromise(of: RedisValue.self)
                let command = try RedisCommandEncoder.encode(arguments.map { Array($0.utf8) })
                channel.write(RedisRequest(command: command, promise: promise, deadline: deadline), promise: nil)
                return promise.futureResult
            }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        channel.flush()
        return EventLoopFuture.whenAllSucceed(replies, on: eventLoop).flatMapThrowing { replies in
            for reply in replies { try reply.expectStatus("OK") }
        }
    }

    /// Maps connection errors to the store's log-safe error type.
    static func cacheError(_ error: any Error) -> CacheError {
        switch error {
        case let error as CacheError: error
        case ChannelError.connectTimeout: .timeout
        case let error as NIOConnectionError:
            .unavailable(error.connectionErrors.first.map { "\($0.error)" } ?? "connection failed")
        default: .unavailable("\(error)")
        }
    }
}
