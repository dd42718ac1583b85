import ArgumentParser
import Foundation
import Kernel
import ServiceLifecycle
import Transports

/// `ecom rpc`: JSON-RPC 2.0 over stdin/stdout.
struct RPC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc", abstract: "Serve JSON-RPC 2.0 on stdin/stdout, one JSON value per line.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Start the session as this bearer token (default: $ECOM_TOKEN).") var token: String?

    func run() async throws {
        try await reportingStartupErrors {
            let (config, logger) = try options.load()
            let token = token ?? ProcessInfo.processInfo.environment["ECOM_TOKEN"]
            try await Runtime.run(
                config: config, registry: compiledModules, logger: logger, migrations: .following(config),
                watchingExternalWrites: true
            ) { runtime in
                let server = StdioRPCServer(runtime: runtime, token: token, logger: logger)
                let group = ServiceGroup(
                    configuration: .init(
                        services: [.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup)],
                        gracefulShutdownSignals: [.sigterm, .sigint],
                        logger: logger))
                try await group.run()
            }
        }
    }
}
