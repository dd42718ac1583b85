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
            let policy: MigrationPolicy = config.database.autoMigrate ? .apply : .requireApplied
            try await Runtime.run(
                config: config, registry: compiledModules, logger: logger, migrations: policy,
                watchingExternalWrites: true
            ) { runtime in
                let app = HTTPTransport.makeApplication(
                    runtime: runtime, host: host ?? config.http.host, port: port ?? config.http.port, logger: logger)
                var configuration = ServiceGroupConfiguration(
                    services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
                configuration.maximumGracefulShutdownDuration = .seconds(config.http.shutdownGraceSeconds)
                // The modules' periodic jobs run beside the server, and are stopped (and waited
                // for) before the runtime closes the database.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await runtime.runPeriodicJobs() }
                    defer { group.cancelAll() }
                    try await ServiceGroup(configuration: configuration).run()
                }
            }
        }
    }
}
