import ArgumentParser
import Catalog
import Foundation
import Kernel

/// `ecom seed-demo`: the original's demo catalogue, optionally with many generated products.
struct SeedDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-demo",
        abstract: "Create demo brands, categories and products (idempotent).")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Also generate this many products, at most 1000000 (with brands, categories and images).")
    var products = 0

    func validate() throws {
        guard (0...CatalogSeeder.maximumProducts).contains(products) else {
            throw ValidationError(
                "--products must be between 0 and \(CatalogSeeder.maximumProducts), found \(products)")
        }
    }

    func run() async throws {
        try await reportingStartupErrors {
            let (config, logger) = try options.load()
            let count = products
            let summary = try await Runtime.run(
                config: config, registry: compiledModules, logger: logger, migrations: .following(config)
            ) { runtime in
                guard let seeder = runtime.services.resolve(CatalogSeeder.self) else {
                    throw ConfigError(path: config.path, message: "the catalog module is not enabled in `modules`")
                }
                return try await seeder.seed(products: count) { done, total in
                    FileHandle.standardError.write(Data("\r\(done)/\(total) products".utf8))
                }
            }
            if count > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
            print(
                "Seed completed: \(summary.brands) brands, \(summary.categories) categories, "
                    + "\(summary.products) products, \(summary.images) images created.")
        }
    }
}
