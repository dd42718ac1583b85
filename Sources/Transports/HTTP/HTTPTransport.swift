import Hummingbird
import Kernel
import Logging
import NIOCore

/// Builds the HTTP application from a booted runtime. `ecom serve` and the tests call this one
/// function, so what is tested is what runs.
public enum HTTPTransport {
    /// The Hummingbird application serving every operation of `runtime`.
    public static func makeApplication(runtime: Runtime, host: String, port: Int, logger: Logger)
        -> some ApplicationProtocol
    {
        let settings = runtime.config.http
        let options = HTTPOptions(
            maxBodyBytes: settings.maxBodyBytes, requestTimeout: .seconds(settings.requestTimeoutSeconds),
            corsOrigins: settings.corsOrigins, forwardedAllowIPs: settings.forwardedAllowIPs)
        let responder = OperationResponder(
            routes: RouteTable(runtime.table.operations), dispatcher: runtime.dispatcher, options: options,
            logger: logger,
            documents: StaticDocuments(table: runtime.table))
        // Slow or idle clients are cut off after `read_timeout_seconds`: Hummingbird's idle
        // timeout covers silent connections and trickled headers, our handler trickled bodies.
        let readTimeout = TimeAmount.capped(.seconds(settings.readTimeoutSeconds))
        return Application(
            responder: responder,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestReadTimeoutHandler(timeout: readTimeout)],
                    idleTimeout: readTimeout)),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            logger: logger)
    }
}
