import ArgumentParser

/// The `ecom` command: the server, the JSON-RPC pipe and the operator tools.
@main
struct Ecom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecom",
        abstract: "E-commerce backend core: HTTP/JSON API and JSON-RPC over stdio.",
        subcommands: [Serve.self, RPC.self, Migrate.self, Modules.self, Users.self, SeedDemo.self]
    )
}
