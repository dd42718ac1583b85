import Foundation

extension EcomProcess {
    /// A fixed test secret, so that every process started on one config signs the same tokens.
    public static let testSecretKey = "process-test-secret-key-0123456789-abcdefghijklmnop"

    /// The YAML of a test config for `ecom` subprocesses on `databaseURL` (`$DIR` stands for the
    /// config's directory, see `writeConfig`) and `cacheURL`, with a key prefix of its own so
    /// that tests sharing the test Redis never see each other's entries. `http` and `extra` are
    /// added as they are (e.g. `"{ read_timeout_seconds: 1 }"`).
    public static func config(
        databaseURL: String, cacheURL: String = "memory://",
        modules: [String] = ["auth", "catalog", "inventory", "orders", "payments"], logLevel: String = "warning",
        bcryptCost: Int = 4, http: String = "{}", extra: String = ""
    ) -> String {
        """
        env: test
        modules: [\(modules.joined(separator: ", "))]
        state_directory: "$DIR/var"
        http: \(http)
        database: { url: "\(databaseURL)", auto_migrate: true, pool_size: 4 }
        cache: { url: "\(cacheURL)", key_prefix: "t-\(UUID().uuidString.prefix(12).lowercased())" }
        logging: { level: \(logLevel) }
        auth: { secret_key: "\(testSecretKey)", bcrypt_cost: \(bcryptCost) }
        \(extra)
        """
    }

    /// The database URL for `backend`: `postgresURL` (a fresh database from `TestDatabase.with`)
    /// or a SQLite file in the config's directory.
    public static func databaseURL(_ backend: Backend, postgresURL: String) -> String {
        backend == .postgres ? postgresURL : "sqlite:$DIR/var/ecom.sqlite"
    }

    /// The cache URL for `backend`: the test Redis on PostgreSQL, the in-process cache on SQLite.
    public static func cacheURL(_ backend: Backend) throws -> String {
        backend == .postgres ? try TestEnvironment.requireServices().redis : "memory://"
    }

    /// Creates a superuser with the CLI, as an operator would.
    public static func createSuperuser(config path: String, email: String, password: String) throws {
        let outcome = try run(
            ["users", "create", "--config", path, "--email", email, "--superuser"],
            environment: ["ECOM_PASSWORD": password])
        guard outcome.status == 0 else { throw TestSetupError("ecom users create failed: \(outcome.stderr)") }
    }
}
