/// Where a Redis server is, parsed from a validated `redis://` URL.
public struct RedisEndpoint: Sendable, Equatable {
    /// Host name or address.
    public var host: String
    /// TCP port (6379 when the URL names none).
    public var port: Int
    /// The logical database selected after connecting (`/0` by default).
    public var database: Int
    /// User name for Redis 6 ACLs, if the URL carries one.
    public var username: String?
    /// Password (`AUTH`), if the URL carries one.
    public var password: String?

    static let example = "redis://host:6379/0"

    /// Parses a `redis://` URL.
    init(url: String) throws(ConfigURL.Problem) {
        let parts = try ConfigURL.parts(url, example: Self.example)
        let path = parts.path.split(separator: "/").joined(separator: "/")
        var database = 0
        if !path.isEmpty {
            guard let number = Int(path), number >= 0 else {
                throw ConfigURL.Problem(
                    message: "\"\(ConfigURL.redacted(url))\" selects database \"\(path)\"; "
                        + "use a database number, as in \(Self.example)")
            }
            database = number
        }
        self.init(
            host: parts.host, port: parts.port ?? 6379, database: database, username: parts.user,
            password: parts.password.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// An endpoint from its parts.
    public init(host: String, port: Int = 6379, database: Int = 0, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
    }
}
