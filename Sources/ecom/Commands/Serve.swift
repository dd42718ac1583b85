import ArgumentParser
import Kernel
import Logging
import ServiceLifecycle
import Transports

/// `ecom serve`: the HTTP API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Interface to listen on (overrides http.host).") var host: String?
    @Option(help: "Port to listen on (overrides http.port).") var port: Int?

    func validate() throws {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535, found \(port)")
        }
    }

    func run() async throws {
        EventLoopExecutor.install()
        try await reportingStartupErrors {
            let (config, logger) = try options.load()
            let listen = (host: host ?? config.http.host, port: port ?? config.http.port)
            let origin = ListenError.Origin(
                configPath: config.path, hostFromFlag: host != nil, portFromFlag: port != nil)
            try await Runtime.run(
                config: config, registry: compiledModules, logger: logger, migrations: .following(config),
                watchingExternalWrites: true
            ) { runtime in
                let app = HTTPTransport.makeApplication(
                    runtime: runtime, host: listen.host, port: listen.port, logger: logger)
                // Services stop in reverse order: the server first (its requests drain within
                // the grace), then the modules' periodic jobs, all before the runtime closes the
                // database. A deployment without jobs has nothing to run there, which is no
                // reason to stop.
                var configuration = ServiceGroupConfiguration(
                    services: [
                        .init(service: PeriodicJobs(runtime: runtime), successTerminationBehavior: .ignore),
                        .init(service: app),
                    ],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
                configuration.maximumGracefulShutdownDuration = .seconds(config.http.shutdownGraceSeconds)
                do {
                    try await ServiceGroup(configuration: configuration).run()
                } catch {
                    throw ListenError(error, host: listen.host, port: listen.port, origin: origin) ?? error
                }
            }
        }
    }
}

/// The modules' periodic jobs as a service of the server's group, ended by its graceful
/// shutdown.
struct PeriodicJobs: Service, CustomStringConvertible {
    let runtime: Runtime
    let description = "PeriodicJobs"

    func run() async throws {
        try await cancelWhenGracefulShutdown { await runtime.runPeriodicJobs() }
    }
}
