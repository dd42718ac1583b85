import Kernel
import Logging
import TestSupport

/// Another process's view of the same database (and, on PostgreSQL, the same Redis): a second
/// runtime called through the kernel's dispatcher, as a second `ecom` instance would be.
struct SecondRuntime: Sendable {
    let runtime: Runtime

    /// Boots auth and catalog on `app`'s database with `cacheURL` (default: the test's own)
    /// and runs `body`.
    static func with(
        sharing app: TestApp, cacheURL: String? = nil, _ body: @Sendable (SecondRuntime) async throws -> Void
    ) async throws {
        var config = try TestApp.makeConfig(
            backend: app.backend, databaseURL: app.runtime.config.database.url, modules: ["auth", "catalog"])
        if let cacheURL { config.cache = CacheSettings(url: cacheURL) }
        try await Runtime.run(config: config, registry: TestModules.registry, logger: logger, migrations: .apply) {
            runtime in try await body(SecondRuntime(runtime: runtime))
        }
    }

    static var logger: Logger {
        var logger = Logger(label: "catalog-tests")
        logger.logLevel = .critical
        return logger
    }

    /// Calls `method` with `params` as the holder of `token`; the result, or the AppError thrown.
    func call(_ method: String, _ params: JSONObject = [:], token: String? = nil) async throws -> JSONValue {
        guard let operation = runtime.table.operation(method: method) else {
            throw TestSetupError("no operation \(method)")
        }
        let info = CallInfo(credentials: token.map { .bearer($0) } ?? .none, requestID: "second", logger: Self.logger)
        let result = try await runtime.dispatcher.call(operation, InputBag(params: params), info)
        return try result.body.map { try JSONParser.parse($0) } ?? .null
    }
}
