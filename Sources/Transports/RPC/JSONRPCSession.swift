import Kernel
import Logging

/// One JSON-RPC session over a runtime's operations: feed it request lines, get response lines.
/// `ecom rpc` drives one from stdin; tests drive one directly.
public struct JSONRPCSession: Sendable {
    let processor: RPCProcessor

    /// A session, optionally logged in with a bearer `token`.
    public init(runtime: Runtime, token: String?, logger: Logger) {
        processor = RPCProcessor(
            table: runtime.table, dispatcher: runtime.dispatcher, session: RPCSession(token: token), logger: logger,
            configPath: runtime.config.path, callTimeout: .seconds(runtime.config.http.requestTimeoutSeconds))
    }

    /// The response to one input line, or nil when nothing is to be written (notifications, blank lines).
    public func handle(line: String) async -> String? {
        await processor.handle(line: Array(line.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }
}
