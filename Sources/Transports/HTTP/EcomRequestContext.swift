import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the peer address for throttling
/// and the local one for redirects to requests without a `Host`.
public struct EcomRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    private let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.channel = source.channel
    }

    /// Read only when needed: NIO takes a lock for it.
    public var localAddress: SocketAddress? { channel.localAddress }
}
