import ArgumentParser
import Kernel

/// `ecom migrate`: apply pending migrations, or show their state (`unknown`: recorded in the
/// ledger by a newer ecom; `migrate` and every other command refuse such a database).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending migrations (or --status to list them).")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "List migrations with their state instead of applying them.") var status = false

    func run() async throws {
        try await reportingStartupErrors {
            let (config, logger) = try options.load()
            let policy: MigrationPolicy = status ? .ignore : .apply
            let rows = try await Runtime.run(
                config: config, registry: compiledModules, logger: logger, migrations: policy
            ) {
                try await $0.migrationStatus()
            }
            for row in rows {
                print("\(row.state.rawValue)  \(row.module)  \(row.version)  \(row.name)")
            }
            if !status { print("\(rows.count) migrations, all applied") }
        }
    }
}
