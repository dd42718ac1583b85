import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import Transports

/// The body deadline on its own, on an embedded channel with a virtual clock: the socket-level
/// behaviour is in `SlowClientTests`.
@Suite("Request read timeout")
struct RequestReadTimeoutTests {
    static let head = HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: "x", path: "/orders"))

    func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: RequestReadTimeoutHandler(timeout: .seconds(2)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    func body(_ text: String) -> HTTPRequestPart {
        .body(ByteBuffer(string: text))
    }

    @Test func aBodyStillArrivingAtTheDeadlineGets408AndTheConnectionCloses() throws {
        let channel = try channel()
        try channel.writeInbound(Self.head)
        for _ in 0..<3 {
            // Activity does not move the deadline: it counts from the head.
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
            try channel.writeInbound(body("x"))
        }
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(300))
        guard case .head(let response) = try channel.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("no 408 head")
            return
        }
        #expect(response.status == .requestTimeout)
        #expect(response.headerFields[.connection] == "close")
        #expect(channel.isActive == false)
        // What was read reaches the responder, with the request id the 408 carries (the log
        // line names it), then the error that stops it from using it.
        guard case .head(let request) = try channel.readInbound(as: HTTPRequestPart.self) else {
            Issue.record("no request head")
            return
        }
        #expect(request.path == "/orders")
        let id = try #require(response.headerFields[.requestID])
        #expect(request.headerFields[.requestID] == id && id.count >= 16)
        for _ in 0..<3 { _ = try channel.readInbound(as: HTTPRequestPart.self) }
        #expect(throws: RequestReadTimeoutHandler.Expired.self) { try channel.throwIfErrorCaught() }
    }

    /// A client's own valid `X-Request-ID` goes through as sent; an invalid one is replaced.
    @Test func aClientsRequestIDIsKept() throws {
        let channel = try channel()
        for (sent, kept) in [("abc-123", true), ("bad id", false)] {
            var head = HTTPRequest(method: .get, scheme: nil, authority: "x", path: "/")
            head.headerFields[.requestID] = sent
            try channel.writeInbound(HTTPRequestPart.head(head))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            guard case .head(let read) = try channel.readInbound(as: HTTPRequestPart.self) else {
                Issue.record("no request head")
                return
            }
            #expect((read.headerFields[.requestID] == sent) == kept, "\(sent)")
            _ = try channel.readInbound(as: HTTPRequestPart.self)
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
            try channel.writeOutbound(HTTPResponsePart.end(nil))
        }
        _ = try channel.finish()
    }

    @Test func aCompleteRequestHasNoDeadlineWhileItIsHandled() throws {
        let channel = try channel()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(body("{}"))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .head(HTTPResponse(status: .ok)))
        _ = try channel.finish()
    }

    @Test func aSlowPipelinedRequestBehindAnUnansweredOneIsClosedWithoutAGarbledAnswer() throws {
        let channel = try channel()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        try channel.writeInbound(Self.head)
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        #expect(channel.isActive == false)
    }
}
