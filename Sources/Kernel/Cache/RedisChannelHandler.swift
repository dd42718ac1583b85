import NIOCore

/// One command on its way to Redis: the formatted bytes, the promise its reply completes, and
/// the instant after which the caller gets `CacheError.timeout` instead.
struct RedisRequest: Sendable {
    var command: ByteBuffer
    var promise: EventLoopPromise<RedisValue>
    var deadline: NIODeadline
}

/// Pipelines requests over one connection. Redis answers in order, so replies complete a FIFO
/// of promises. A timeout, a protocol error or an I/O error fails every pending request and
/// closes the channel: after a timeout the next reply could belong to any request, so the
/// connection cannot be trusted any more, and the owner reconnects lazily.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var promise: EventLoopPromise<RedisValue>
        var timeout: Scheduled<Void>
    }

    private var pending = CircularBuffer<Pending>()
    private let parser = RedisReplyParser()
    /// Set once the connection is unusable; later writes fail at once with it.
    private var failure: CacheError?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        let loop = context.eventLoop.assumeIsolated()
        let timeout = loop.scheduleTask(deadline: request.deadline) {
            self.fail(.timeout, context: context)
        }
        pending.append(Pending(promise: request.promise, timeout: timeout))
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenFailure { _ in
            self.fail(.connectionClosed, context: context)
        }
        if let promise { written.futureResult.cascade(to: promise) }
        context.write(wrapOutboundOut(request.command), promise: written)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try buffer.withUnsafeReadableBytes { try parser.feed($0) }
            while let reply = try parser.next() {
                guard let head = pending.popFirst() else {
                    throw CacheError.protocolError("reply without a pending request")
                }
                head.timeout.cancel()
                head.promise.succeed(reply)
            }
        } catch {
            fail(error as? CacheError ?? .protocolError("unreadable reply"), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.unavailable("\(error)"), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed, context: nil)
        context.fireChannelInactive()
    }

    /// Fails everything pending and closes the channel. Pending requests are taken out first:
    /// failing a promise runs callbacks that may write again, and those must see `failure`.
    private func fail(_ error: CacheError, context: ChannelHandlerContext?) {
        if failure == nil { failure = error }
        let drained = pending
        pending.removeAll()
        for entry in drained {
            entry.timeout.cancel()
            entry.promise.fail(error)
        }
        context?.close(promise: nil)
    }
}
