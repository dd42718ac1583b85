/// Where `RedisCacheStore` connects (the endpoint parsed by the config layer) and how patient
/// it is.
///
/// ```swift
/// let config = try RedisConfiguration(url: "redis://:secret@127.0.0.1:6379/2")
/// ```
public struct RedisConfiguration: Sendable, Equatable {
    /// Host, port, database and credentials. A user name is sent only with a password
    /// (`AUTH user password`).
    public var endpoint: RedisEndpoint
    /// How long a command (including connecting, when it has to) may take before it fails.
    public var commandTimeout: Duration
    /// First pause after a failed connection attempt; it doubles on every further failure.
    public var initialBackoff: Duration
    /// Longest pause between connection attempts.
    public var maximumBackoff: Duration

    /// A configuration for `endpoint`.
    public init(
        endpoint: RedisEndpoint, commandTimeout: Duration = .milliseconds(500),
        initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(2)
    ) {
        self.endpoint = endpoint
        self.commandTimeout = commandTimeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]`; throws `CacheError.invalidURL`,
    /// whose message never contains the password.
    public init(url: String, commandTimeout: Duration = .milliseconds(500)) throws {
        do {
            self.init(endpoint: try RedisEndpoint(url: url), commandTimeout: commandTimeout)
        } catch {
            throw CacheError.invalidURL(error.message)
        }
    }
}
