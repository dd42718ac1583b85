import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Bounds the time a client may take to send a request body: once the request head has
/// arrived, the body must be complete within `timeout`, otherwise the client gets a 408 (when no
/// answer has been started yet) and the connection is closed.
///
/// Hummingbird's idle timeout covers a client that sends nothing and one that trickles its
/// headers (no request part is decoded until the head is complete), but every body chunk counts
/// as activity there, so a body sent a byte at a time — to any route, even one that answers
/// without reading it — would hold the connection forever.
///
/// It also gives each request its id first (the client's valid `X-Request-ID`, or a new one
/// written into the head), so that a 408 carries the id the request's log line names.
final class RequestReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Reported to the responder as the body's read error, so that a request cut off by the
    /// deadline is never handled as if its truncated body were complete.
    struct Expired: Error {}

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var requestHeads = 0
    private var responsesStarted = 0
    private var responsesFinished = 0
    private var expired = false
    private var requestID = ""

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !expired else { return }
        switch unwrapInboundIn(data) {
        case .head(var head):
            requestHeads += 1
            deadline?.cancel()
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                self.expire(context: context)
            }
            let sent = head.headerFields[.requestID]
            requestID = OperationResponder.requestID(sent)
            guard sent == requestID else {
                head.headerFields[.requestID] = requestID
                return context.fireChannelRead(wrapInboundOut(.head(head)))
            }
        case .body:
            break
        case .end:
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !expired else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        // Interim 1xx answers do not start the final response.
        case .head(let head) where head.status.kind != .informational: responsesStarted += 1
        case .end: responsesFinished += 1
        default: break
        }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    private func expire(context: ChannelHandlerContext) {
        deadline = nil
        guard !expired, context.channel.isActive else { return }
        expired = true
        // The 408 answers the request being read, so only when every earlier (pipelined) one has
        // been answered in full; otherwise closing is all that can be done without garbling.
        if responsesStarted == requestHeads - 1 && responsesFinished == responsesStarted {
            let body = context.channel.allocator.buffer(string: #"{"detail":"Request timeout"}"#)
            let head = HTTPResponse(
                status: .requestTimeout,
                headerFields: [
                    .contentType: "application/json", .contentLength: String(body.readableBytes),
                    .connection: "close", .requestID: requestID,
                ])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.fireErrorCaught(Expired())
        context.close(promise: nil)
    }
}
