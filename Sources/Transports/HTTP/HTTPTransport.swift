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
            corsOrigins: settings.corsOrigins)
        let responder = OperationResponder(
            routes: RouteTable(runtime.table.operations), dispatcher: runtime.dispatcher, options: options,
            logger: logger,
            documents: StaticDocuments(table: runtime.table))
        // Idle or slow clients lose their connection after the request timeout.
        let idle = TimeAmount.milliseconds(Int64(settings.requestTimeoutSeconds * 1000))
        return Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: idle)),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            logger: logger)
    }
}
