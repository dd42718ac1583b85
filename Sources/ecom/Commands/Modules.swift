import ArgumentParser
import Foundation
import Kernel

/// `ecom modules`: what is enabled, with routes, RPC methods, migrations and cache namespaces.
struct Modules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the enabled modules with their operations, migrations and cache namespaces.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        try await reportingStartupErrors {
            let (config, logger) = try options.load()
            let report = try await Runtime.run(
                config: config, registry: compiledModules, logger: logger, migrations: .ignore
            ) { runtime in
                try ModuleReport.build(runtime, migrations: try await runtime.migrationStatus())
            }
            print(json ? report.serialized() : ModuleReport.table(report))
        }
    }
}
