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
                var configuration = ServiceGroupConfiguration(
                    services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
                configuration.maximumGracefulShutdownDuration = .seconds(config.http.shutdownGraceSeconds)
                // The modules' periodic jobs run beside the server, and are stopped (and waited
                // for) before the runtime closes the database.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await runtime.runPeriodicJobs() }
                    defer { group.cancelAll() }
                    do {
                        try await ServiceGroup(configuration: configuration).run()
                    } catch {
                        throw ListenError(error, host: listen.host, port: listen.port, origin: origin) ?? error
                    }
                }
            }
        }
    }
}
