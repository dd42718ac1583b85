/// The `database` section: which database to use and how.
///
/// ```yaml
/// database: { url: "sqlite:var/ecom.sqlite" }                  # embedded default
/// database: { url: "postgres://ecom:secret@db:5432/ecom", pool_size: 20 }
/// ```
public struct DatabaseSettings: Sendable, Equatable {
    /// `postgres://user:password@host:port/db` (also written `postgresql://` or
    /// `postgresql+psycopg://`, normalised to `postgres://`), `sqlite:PATH` (relative to the
    /// working directory, or absolute) or `sqlite::memory:`.
    public var url: String
    /// Apply pending migrations when `serve` or `rpc` starts (`auto_migrate`, default true).
    public var autoMigrate: Bool
    /// Connections in the PostgreSQL pool (`pool_size`, default 10).
    public var poolSize: Int
    /// Server-side limit for one statement (`statement_timeout_seconds`, 0.001 to 2147483);
    /// nil leaves the database's own setting.
    public var statementTimeoutSeconds: Double?
    /// Run PostgreSQL statements as prepared statements of each connection
    /// (`prepared_statements`, default true); false for a pooler that cannot keep them.
    public var preparedStatements: Bool

    /// Settings with the documented defaults.
    public init(
        url: String = "sqlite:var/ecom.sqlite", autoMigrate: Bool = true, poolSize: Int = 10,
        statementTimeoutSeconds: Double? = nil, preparedStatements: Bool = true
    ) {
        self.url = url
        self.autoMigrate = autoMigrate
        self.poolSize = poolSize
        self.statementTimeoutSeconds = statementTimeoutSeconds
        self.preparedStatements = preparedStatements
    }

    /// The SQLite file (`:memory:` for `sqlite::memory:`), nil when the URL is not SQLite.
    public var sqlitePath: String? {
        url.hasPrefix("sqlite:") ? String(url.dropFirst("sqlite:".count)) : nil
    }

    /// The PostgreSQL server and database, nil when the URL is not PostgreSQL.
    public var postgres: PostgresEndpoint? {
        guard url.hasPrefix("postgres://") else { return nil }
        return try? PostgresEndpoint(url: url)
    }

    /// Seconds `statement_timeout_seconds` may be. PostgreSQL takes whole milliseconds up to
    /// 2^31 - 1 and reads 0 as no limit, so the least is 1 ms and the most 2147483 s (24 days).
    static let statementTimeoutRange = 0.001...2_147_483.0

    static let example = "postgres://user:password@host:5432/dbname or sqlite:var/ecom.sqlite"

    /// Checks a database URL and returns it normalised.
    static func normalise(url: String) throws(ConfigURL.Problem) -> String {
        if url.isEmpty {
            throw ConfigURL.Problem(message: "is empty; set DATABASE_URL or the setting to \(example)")
        }
        if let postgres = PostgresEndpoint.normalised(url) {
            _ = try PostgresEndpoint(url: postgres)
            return postgres
        }
        if url.hasPrefix("sqlite:") {
            let path = url.dropFirst("sqlite:".count)
            if path.isEmpty || path.hasPrefix("//") {
                throw ConfigURL.Problem(
                    message: "\"\(url)\" is not a SQLite URL this server reads; write sqlite:PATH "
                        + "(sqlite:var/ecom.sqlite, sqlite:/absolute/path.sqlite) or sqlite::memory:")
            }
            return url
        }
        let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? url
        if scheme.lowercased().hasPrefix("postgres") {
            throw ConfigURL.Problem(message: "is not a PostgreSQL URL; write it as \(PostgresEndpoint.example)")
        }
        throw ConfigURL.Problem(message: "has unsupported scheme \"\(scheme)\"; use \(example)")
    }
}
