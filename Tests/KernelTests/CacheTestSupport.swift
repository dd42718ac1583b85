import Foundation
import Logging
import Testing

@testable import Kernel

/// Which Redis the cache tests use. With `ECOM_TEST_REDIS_URL` unset, the Redis variants are
/// skipped locally, but run (and fail on the missing URL) when `CI=true`.
enum CacheTestRedis {
    static let url = ProcessInfo.processInfo.environment["ECOM_TEST_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let enabled = url != nil || isCI

    /// The shared test Redis; records a failure when it is not configured.
    static func requireURL() throws -> String {
        try #require(url, "ECOM_TEST_REDIS_URL must point at a Redis when CI=true")
    }

    // Generous: the whole suite runs in parallel on two cores; outage tests pass their own short timeouts.
    static func store(commandTimeout: Duration = .seconds(5)) throws -> RedisCacheStore {
        try RedisCacheStore(url: requireURL(), commandTimeout: commandTimeout, logger: cacheTestLogger)
    }

    /// Spawned `redis-server` tests run wherever the real Redis tests run, and wherever the
    /// binary is installed.
    static let canSpawn = enabled || CacheTestRedisServer.executable != nil
}

let cacheTestLogger = Logger(label: "ecom.cache.test") { _ in SwiftLogNoOpLogHandler() }

/// A unique prefix so tests sharing one Redis (and running in parallel) never meet.
func uniqueCacheName(_ base: String) -> String {
    "\(base)-\(UUID().uuidString.prefix(8))"
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// How long `body` takes.
func elapsed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let start = ContinuousClock.now
    let result = try await body()
    return (result, ContinuousClock.now - start)
}

/// A `redis-server` child process on a random port, for tests that stop, pause and restart
/// Redis. It is killed when the object goes away.
final class CacheTestRedisServer {
    static let executable: String? = {
        if let explicit = ProcessInfo.processInfo.environment["ECOM_REDIS_SERVER"] { return explicit }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/redis-server" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    private(set) var port = 0
    let password: String?
    let directory: URL
    private var process: Process?

    /// The URL a client uses, with the password when there is one.
    var url: String { "redis://\(password.map { ":\($0)@" } ?? "")127.0.0.1:\(port)/0" }

    /// Starts a server, with `--requirepass password` when given.
    init(password: String? = nil) async throws {
        self.password = password
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecom-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for _ in 0..<10 {
            port = Int.random(in: 20_000..<60_000)
            if try await start() { return }
        }
        Issue.record("could not start redis-server on a free port")
        throw CacheError.unavailable("redis-server did not start")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// (Re)starts the server on `port`; false when the port was taken.
    @discardableResult
    func start() async throws -> Bool {
        let executable = try #require(Self.executable, "redis-server is not installed (or set ECOM_REDIS_SERVER)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", directory.path, "--dbfilename", "dump.rdb",
            ] + (password.map { ["--requirepass", $0] } ?? [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Ready when *this* process answers: another test's server may hold a random port, and
        // then ours exits at once.
        let probe = RedisCacheStore(
            configuration: RedisConfiguration(
                endpoint: RedisEndpoint(host: "127.0.0.1", port: port, password: password),
                commandTimeout: .milliseconds(200), initialBackoff: .milliseconds(10), maximumBackoff: .milliseconds(20)
            ),
            logger: cacheTestLogger)
        var ours = false
        let deadline = ContinuousClock.now + .seconds(5)
        while !ours, ContinuousClock.now < deadline, process.isRunning {
            let info = (try? await probe.command("INFO", "server").bytesOrNil()).flatMap { $0 } ?? []
            ours = String(decoding: info, as: UTF8.self).contains("process_id:\(process.processIdentifier)\r\n")
            if !ours { try await Task.sleep(for: .milliseconds(20)) }
        }
        await probe.close()
        if !ours { stop() }
        return ours
    }

    /// Kills the server. SIGKILL, because a child inherits the test runner's signal mask,
    /// in which SIGTERM is blocked.
    func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Freezes the server (SIGSTOP): connections stay open but nothing answers.
    func pause() {
        if let process { kill(process.processIdentifier, SIGSTOP) }
    }

    /// Unfreezes the server.
    func resume() {
        if let process { kill(process.processIdentifier, SIGCONT) }
    }
}
