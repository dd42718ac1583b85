import ArgumentParser
import Auth
import Foundation
import Kernel

/// `ecom users …`: operator account management without hand-written SQL.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create users and change their rights.",
        subcommands: [Create.self, Promote.self, Demote.self, Deactivate.self, Activate.self])

    /// Runs `body` with the Auth module's administration service on a migrated database
    /// (migrated first unless `database.auto_migrate` is false).
    static func withAdministration(
        _ options: ConfigOptions, _ body: @Sendable (UserAdministration) async throws -> User
    )
        async throws
    {
        try await reportingStartupErrors {
            let (config, logger) = try options.load()
            let user = try await Runtime.run(
                config: config, registry: compiledModules, logger: logger, migrations: .following(config)
            ) {
                runtime in
                guard let admin = runtime.services.resolve(UserAdministration.self) else {
                    throw ConfigError(path: config.path, message: "the auth module is not enabled in `modules`")
                }
                do {
                    return try await body(admin)
                } catch let error as AppError {
                    FileHandle.standardError.write(Data("ecom: \(error.message)\n".utf8))
                    throw ExitCode(1)
                }
            }
            print(
                "\(user.email)  id=\(user.id)  active=\(user.isActive)  superuser=\(user.isSuperuser)")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user; the password is read from $ECOM_PASSWORD or the first line of stdin.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "The e-mail address.") var email: String
        @Flag(help: "Make the user a superuser.") var superuser = false

        func run() async throws {
            let password =
                ProcessInfo.processInfo.environment["ECOM_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            try await Users.withAdministration(options) { admin in
                try await admin.createUser(email: email, password: password, superuser: superuser)
            }
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a user a superuser.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The e-mail address.") var email: String
        func run() async throws { try await Users.withAdministration(options) { try await $0.promote(email: email) } }
    }

    struct Demote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a user's superuser rights.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The e-mail address.") var email: String
        func run() async throws { try await Users.withAdministration(options) { try await $0.demote(email: email) } }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Block a user: tokens stop working, login fails.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The e-mail address.") var email: String
        func run() async throws {
            try await Users.withAdministration(options) { try await $0.deactivate(email: email) }
        }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unblock a deactivated user.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The e-mail address.") var email: String
        func run() async throws { try await Users.withAdministration(options) { try await $0.activate(email: email) } }
    }
}
