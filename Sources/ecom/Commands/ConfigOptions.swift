import ArgumentParser
import Foundation
import Kernel
import Logging

/// The options every command shares: which config file to read.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The YAML config file.")
    var config: String = "config/ecom.yaml"

    /// Loads the config, bootstraps logging (to stderr) and returns both.
    func load() throws -> (AppConfig, Logger) {
        let settings = try ConfigLoader.load(path: config, environment: ProcessInfo.processInfo.environment)
        LogBootstrap.once(settings.logging)
        var logger = Logger(label: "ecom")
        logger.logLevel = settings.logging.level
        return (settings, logger)
    }
}

extension MigrationPolicy {
    /// What every command but `migrate` does about pending migrations: apply them, or refuse
    /// to start while any is pending when `database.auto_migrate` is false.
    static func following(_ config: AppConfig) -> MigrationPolicy {
        config.database.autoMigrate ? .apply : .requireApplied
    }
}

/// Runs `body`, turning startup errors into one clear line on stderr and a non-zero exit.
func reportingStartupErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ConfigError {
        FileHandle.standardError.write(Data("ecom: \(error.description)\n".utf8))
        throw ExitCode(2)
    } catch let error as MigrationError {
        FileHandle.standardError.write(Data("ecom: \(error.description)\n".utf8))
        throw ExitCode(1)
    } catch let error as BootError {
        FileHandle.standardError.write(Data("ecom: \(error.description)\n".utf8))
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("ecom: \(String(describing: error))\n".utf8))
        throw ExitCode(1)
    }
}
