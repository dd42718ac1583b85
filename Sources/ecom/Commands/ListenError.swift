import Foundation
import NIOCore

/// Why `ecom serve` could not listen, naming the address and the setting to change instead of
/// NIO's `bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)`.
struct ListenError: Error, CustomStringConvertible {
    let description: String

    /// Where the host and the port came from: `--host`/`--port`, or the config file.
    struct Origin {
        var configPath: String
        var hostFromFlag: Bool
        var portFromFlag: Bool

        var host: String { hostFromFlag ? "--host" : "http.host in \(configPath) (or APP_HOST)" }
        var port: String { portFromFlag ? "--port" : "http.port in \(configPath) (or APP_PORT)" }
    }

    /// `error` explained, when it is a failure to resolve `host` or to bind `host`:`port`.
    init?(_ error: any Error, host: String, port: Int, origin: Origin) {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        if let unknown = error as? SocketAddressError.UnknownHost {
            description =
                "cannot listen on \(address): unknown host (\(unknown.errorDescription)); "
                + "set \(origin.host) to an address of this machine, such as 127.0.0.1 or 0.0.0.0"
            return
        }
        // Only errors of the bind call: the same errno elsewhere would mean something else.
        guard let error = error as? IOError, String(describing: error).hasPrefix("bind(") else { return nil }
        switch error.errnoCode {
        case EADDRINUSE:
            description =
                "cannot listen on \(address): the port is already in use (is another server running?); "
                + "stop it or choose another port with \(origin.port)"
        case EADDRNOTAVAIL:
            description =
                "cannot listen on \(address): the address is not one of this machine's; "
                + "set \(origin.host) to one of its addresses, such as 127.0.0.1 or 0.0.0.0"
        case EACCES:
            description =
                "cannot listen on \(address): permission denied (ports below 1024 need privileges); "
                + "choose another port with \(origin.port)"
        default:
            description =
                "cannot listen on \(address): \(String(cString: strerror(error.errnoCode))); "
                + "check \(origin.host) and \(origin.port)"
        }
    }
}
