import Logging
import NIOCore
import NIOPosix

/// One pipelined connection of `RedisCacheStore` (which keeps one per event loop), with lazy
/// reconnection.
///
/// All state lives in a `NIOLoopBoundBox` and is touched only on `eventLoop`, so no locks are
/// needed and nothing blocks. A command arriving with no connection starts one (AUTH and
/// SELECT run before anything else is sent); concurrent commands wait for the same attempt.
/// A failed attempt, or a timeout on an open connection, makes commands fail at once until a
/// backoff has passed (doubling up to `maximumBackoff`), so a Redis that is down is not
/// hammered. A connection the server closes cleanly is reopened by the next command.
final class RedisConnection: Sendable {
    private enum Phase {
        case idle(retryAt: NIODeadline?)
        case connecting(EventLoopFuture<any Channel>)
        case connected(any Channel)
        case closed
    }

    private struct State {
        var phase: Phase = .idle(retryAt: nil)
        var backoff: TimeAmount
        var lastFailure: CacheError?
        /// The channel written to since the last flush: commands submitted together go out
        /// in one write (and reach Redis in one read) instead of one system call each.
        var unflushed: (any Channel)?
        /// The replies of the read-only commands written to `unflushed` since the last flush
        /// and since the last other command, by command: an identical read joins its reply
        /// instead of being sent again.
        var unflushedReads: [ByteBuffer: EventLoopFuture<RedisValue>] = [:]
    }

    let configuration: RedisConfiguration
    let eventLoop: any EventLoop
    private let logger: Logger
    private let state: NIOLoopBoundBox<State>

    init(configuration: RedisConfiguration, eventLoop: any EventLoop, logger: Logger) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
        self.state = .makeBoxSendingValue(
            State(backoff: TimeAmount(configuration.initialBackoff)), eventLoop: eventLoop)
    }

    /// Sends one formatted command and waits for its reply, at most `commandTimeout`.
    ///
    /// A read-only command (`isRead`) identical to one written but not yet flushed, with no
    /// other command written after it, is not sent again: it gets that command's reply. Redis
    /// computes that reply after both were issued, so each caller still sees every write that
    /// completed before its call (a hot listing read by many requests at once costs Redis one
    /// script run per flush, not one per request).
    func execute(_ command: ByteBuffer, isRead: Bool = false) async throws -> RedisValue {
        let deadline = NIODeadline.now() + TimeAmount(configuration.commandTimeout)
        if eventLoop.inEventLoop { return try await send(command, isRead: isRead, deadline: deadline).get() }
        return try await eventLoop.flatSubmit { self.send(command, isRead: isRead, deadline: deadline) }.get()
    }

    /// Closes the connection; later commands fail with `CacheError.closed`.
    func close() async {
        let closed: EventLoopFuture<Void> = eventLoop.flatSubmit {
            let phase = self.state.value.phase
            self.state.value.phase = .closed
            switch phase {
            case .connected(let channel): return channel.close()
            case .connecting(let future): return future.flatMap { $0.close() }
            case .idle, .closed: return self.eventLoop.makeSucceededVoidFuture()
            }
        }
        try? await closed.get()
    }

    // MARK: On the event loop

    /// `execute` on the event loop (internal for tests that issue several commands in one tick).
    func send(_ command: ByteBuffer, isRead: Bool, deadline: NIODeadline) -> EventLoopFuture<RedisValue> {
        eventLoop.assertInEventLoop()
        switch state.value.phase {
        case .closed:
            return eventLoop.makeFailedFuture(CacheError.closed)
        case .connected(let channel):
            return write(command, isRead: isRead, deadline: deadline, on: channel)
        case .connecting(let connecting):
            return connecting.flatMap { self.write(command, isRead: isRead, deadline: deadline, on: $0) }
        case .idle(let retryAt):
            if let retryAt, retryAt > .now() {
                return eventLoop.makeFailedFuture(state.value.lastFailure ?? CacheError.unavailable("reconnecting"))
            }
            return connect(deadline: deadline).flatMap {
                self.write(command, isRead: isRead, deadline: deadline, on: $0)
            }
        }
    }

    private func write(_ command: ByteBuffer, isRead: Bool, deadline: NIODeadline, on channel: any Channel)
        -> EventLoopFuture<RedisValue>
    {
        if isRead, state.value.unflushed === channel, let joined = state.value.unflushedReads[command] {
            AppMetrics.redisReadsJoined.increment()
            return joined
        }
        let promise = eventLoop.makePromise(of: RedisValue.self)
        channel.write(RedisRequest(command: command, promise: promise, deadline: deadline), promise: nil)
        scheduleFlush(of: channel)
        if isRead {
            state.value.unflushedReads[command] = promise.futureResult
        } else if !state.value.unflushedReads.isEmpty {
            // A read after this command must not get a reply computed before it.
            state.value.unflushedReads.removeAll(keepingCapacity: true)
        }
        // Error replies succeed the promise; a failed promise means the connection is broken.
        promise.futureResult.whenFailure { error in self.connectionFailed(channel, error: error) }
        return promise.futureResult
    }

    /// Flushes `channel` once the event loop has run the tasks already queued, which under load
    /// include other commands: they share the flush. A write to a newer channel flushes the
    /// older one first.
    private func scheduleFlush(of channel: any Channel) {
        if let pending = state.value.unflushed {
            guard pending !== channel else { return }
            flush(pending)
        }
        state.value.unflushed = channel
        eventLoop.execute {
            guard let pending = self.state.value.unflushed else { return }
            self.flush(pending)
        }
    }

    private func flush(_ channel: any Channel) {
        state.value.unflushed = nil
        state.value.unflushedReads.removeAll(keepingCapacity: true)
        channel.flush()
    }

    private func connect(deadline: NIODeadline) -> EventLoopFuture<any Channel> {
        let endpoint = configuration.endpoint
        let remaining = max(deadline - .now(), .milliseconds(1))
        let connecting = ClientBootstrap(group: eventLoop)
            .connectTimeout(remaining)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RedisChannelHandler())
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .flatMap { channel in
                self.handshake(on: channel, deadline: deadline)
                    .map { channel }
                    .flatMapError { error in
                        channel.close(promise: nil)
                        return self.eventLoop.makeFailedFuture(error)
                    }
            }
            .flatMapErrorThrowing { error -> any Channel in throw Self.cacheError(error) }
        // The phase is set before the callback is registered: a failed attempt can complete at once.
        state.value.phase = .connecting(connecting)
        connecting.whenComplete { result in self.connectFinished(connecting, result) }
        return connecting
    }

    private func connectFinished(_ attempt: EventLoopFuture<any Channel>, _ result: Result<any Channel, any Error>) {
        guard case .connecting(let current) = state.value.phase, current === attempt else {
            // `close()` ran meanwhile.
            if case .success(let channel) = result { channel.close(promise: nil) }
            return
        }
        switch result {
        case .success(let channel):
            state.value.phase = .connected(channel)
            state.value.backoff = TimeAmount(configuration.initialBackoff)
            state.value.lastFailure = nil
            channel.closeFuture.whenComplete { _ in self.channelClosed(channel) }
            logger.debug("Connected to Redis", metadata: ["redis.host": "\(configuration.endpoint.host)"])
        case .failure(let error):
            backOff(after: Self.cacheError(error))
        }
    }

    private func connectionFailed(_ channel: any Channel, error: any Error) {
        guard case .connected(let current) = state.value.phase, current === channel else { return }
        if case CacheError.connectionClosed = error {
            state.value.phase = .idle(retryAt: nil)
        } else {
            backOff(after: Self.cacheError(error))
        }
        channel.close(promise: nil)
    }

    private func channelClosed(_ channel: any Channel) {
        guard case .connected(let current) = state.value.phase, current === channel else { return }
        state.value.phase = .idle(retryAt: nil)
    }

    private func backOff(after error: CacheError) {
        let backoff = state.value.backoff
        state.value.phase = .idle(retryAt: .now() + backoff)
        state.value.backoff = min(backoff * 2, TimeAmount(configuration.maximumBackoff))
        state.value.lastFailure = error
        logger.debug(
            "Redis connection failed; backing off",
            metadata: ["error": "\(error)", "redis.backoff_ms": "\(backoff.nanoseconds / 1_000_000)"])
    }
}
