/// Where a PostgreSQL database is, parsed from a validated `postgres://` URL.
public struct PostgresEndpoint: Sendable, Equatable {
    /// Host name or address.
    public var host: String
    /// Port (5432 when the URL names none, in its authority or as `port=`); with a socket
    /// directory it names the socket file.
    public var port: Int
    /// User name (`postgres` when the URL names none).
    public var username: String
    /// Password, if the URL carries one.
    public var password: String?
    /// Database name, if the URL names one (PostgreSQL then uses the user name).
    public var database: String?
    /// Query parameters such as `sslmode`, as written.
    public var parameters: [String: String]

    /// The directory of the server's Unix-domain socket when the URL's `host` parameter is an
    /// absolute path (as libpq reads it: `postgres://user@/db?host=/var/run/postgresql`);
    /// the socket is `.s.PGSQL.<port>` in it. nil: TCP to `host`.
    public var socketDirectory: String? {
        parameters["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
    }

    /// The socket file, when connecting through a Unix-domain socket.
    public var socketPath: String? {
        socketDirectory.map { "\($0.hasSuffix("/") ? String($0.dropLast()) : $0)/.s.PGSQL.\(port)" }
    }

    static let example = "postgres://user:password@host:5432/dbname"

    /// Normalises the schemes the original service accepted (`postgresql://`,
    /// `postgresql+psycopg://`, any `postgresql+DRIVER://`) to `postgres://`; nil for other schemes.
    static func normalised(_ url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" || scheme.hasPrefix("postgresql+") else { return nil }
        return "postgres://" + url[schemeEnd.upperBound...]
    }

    /// Parses a `postgres://` URL.
    init(url: String) throws(ConfigURL.Problem) {
        let parts = try ConfigURL.parts(url, example: Self.example, socketQuery: "host")
        let name = parts.path.split(separator: "/").joined(separator: "/")
        var port = parts.port ?? 5432
        if parts.port == nil, let text = parts.query["port"] {
            guard let number = Int(text), (1...65535).contains(number) else {
                throw ConfigURL.Problem(
                    message: "\"\(ConfigURL.redacted(url))\" has port \"\(text)\"; use a port between 1 and 65535")
            }
            port = number
        }
        self.init(
            host: parts.host, port: port, username: parts.user ?? "postgres",
            password: parts.password, database: name.isEmpty ? nil : name, parameters: parts.query)
    }

    /// An endpoint from its parts.
    public init(
        host: String, port: Int = 5432, username: String = "postgres", password: String? = nil,
        database: String? = nil, parameters: [String: String] = [:]
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.parameters = parameters
    }
}
