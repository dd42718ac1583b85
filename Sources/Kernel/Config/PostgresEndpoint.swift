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

    /// How the connection uses TLS, from the URL's `sslmode` as libpq reads it: `disable`;
    /// `allow` or `prefer` (the default) use it when the server offers it, without checking
    /// its certificate; `require` insists on it (checking the certificate against
    /// `sslrootcert` when the URL names one); `verify-ca` also checks the certificate's chain,
    /// `verify-full` its host name too (against `sslrootcert`, or the system's roots). Over a
    /// Unix-domain socket there is none.
    public enum TLSMode: Sendable, Equatable {
        case disable
        case prefer
        case require(TLSVerification)
    }

    /// What a required TLS connection checks of the server's certificate.
    public enum TLSVerification: Sendable, Equatable {
        case none
        case chain
        case full
    }

    public var tlsMode: TLSMode {
        guard socketPath == nil else { return .disable }
        switch parameters["sslmode"] {
        case "disable": return .disable
        case "require": return .require(rootCertificatePath == nil ? .none : .chain)
        case "verify-ca": return .require(.chain)
        case "verify-full": return .require(.full)
        default: return .prefer
        }
    }

    /// The CA certificates (PEM) the server's certificate is checked against (`sslrootcert`).
    public var rootCertificatePath: String? { parameters["sslrootcert"] }

    /// Seconds to wait for a connection (`connect_timeout`, libpq's; 5 when not given).
    public var connectTimeoutSeconds: Int { parameters["connect_timeout"].flatMap(Int.init) ?? 5 }

    static let sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

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
        if let mode = parts.query["sslmode"], !Self.sslModes.contains(mode) {
            throw ConfigURL.Problem(
                message: "\"\(ConfigURL.redacted(url))\" has sslmode \"\(mode)\"; use one of "
                    + Self.sslModes.joined(separator: ", "))
        }
        if let timeout = parts.query["connect_timeout"], Int(timeout).map({ (1...3600).contains($0) }) != true {
            throw ConfigURL.Problem(
                message: "\"\(ConfigURL.redacted(url))\" has connect_timeout \"\(timeout)\"; use seconds from 1 to 3600"
            )
        }
        for unsupported in ["sslcert", "sslkey", "sslcrl", "sslpassword"] where parts.query[unsupported] != nil {
            throw ConfigURL.Problem(
                message: "\"\(ConfigURL.redacted(url))\" has \(unsupported); client certificates are not supported")
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
