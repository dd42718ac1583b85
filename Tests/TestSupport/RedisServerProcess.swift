import Foundation

/// A `redis-server` child process on a free loopback port, for tests that stop, freeze and
/// restart Redis under a running cache or server. It is killed when the object goes away.
public final class RedisServerProcess: @unchecked Sendable {
    // Only the test that owns this object touches it.
    /// `ECOM_TEST_REDIS_SERVER` (set by scripts/test), `ECOM_REDIS_SERVER`, or `redis-server` on the PATH.
    public static let executable: String? = {
        let environment = ProcessInfo.processInfo.environment
        for name in ["ECOM_TEST_REDIS_SERVER", "ECOM_REDIS_SERVER"] {
            if let explicit = environment[name], !explicit.isEmpty { return explicit }
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/redis-server" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public private(set) var port = 0
    public let password: String?
    let directory: URL
    private var process: Process?

    /// The URL a client uses, with the password when there is one.
    public var url: String { "redis://\(password.map { ":\($0)@" } ?? "")127.0.0.1:\(port)/0" }

    /// Starts a server, with `--requirepass password` when given.
    public init(password: String? = nil) async throws {
        self.password = password
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecom-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for _ in 0..<10 {
            port = try ServerProcess.freePort()
            if try await start() { return }
        }
        throw TestSetupError("could not start redis-server on a free port")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// (Re)starts the server on `port`, loading the snapshot a `SAVE` wrote; false when the
    /// port was taken.
    @discardableResult
    public func start() async throws -> Bool {
        guard let executable = Self.executable else {
            throw TestSetupError("redis-server is not installed (or set ECOM_REDIS_SERVER)")
        }
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
        // Ready when *this* process answers: another server may hold the port, and then ours exits.
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, process.isRunning {
            if info()?.contains("process_id:\(process.processIdentifier)\r\n") == true { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        stop()
        return false
    }

    /// Kills the server. SIGKILL, because a child inherits the test runner's signal mask, in
    /// which SIGTERM is blocked.
    public func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Freezes the server (SIGSTOP): connections stay open but nothing answers.
    public func pause() {
        if let process { kill(process.processIdentifier, SIGSTOP) }
    }

    /// Unfreezes the server.
    public func resume() {
        if let process { kill(process.processIdentifier, SIGCONT) }
    }

    /// Sends one command and returns the raw reply (nil when nothing answers within a second).
    public func command(_ arguments: String...) -> String? {
        var request = ""
        if let password { request += Self.encode(["AUTH", password]) }
        // QUIT: Redis closes the connection once every reply is written.
        request += Self.encode(arguments) + Self.encode(["QUIT"])
        return exchange(request)
    }

    private func info() -> String? {
        command("INFO", "server")
    }

    static func encode(_ arguments: [String]) -> String {
        "*\(arguments.count)\r\n" + arguments.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
    }

    /// Writes `request` on a new connection and reads until the server closes it (at most a
    /// second).
    private func exchange(_ request: String) -> String? {
        guard let connection = try? RawConnection(port: port), connection.send(request) else { return nil }
        let reply = connection.readUntilClosed(timeout: 1).bytes
        return reply.isEmpty ? nil : String(decoding: reply, as: UTF8.self)
    }
}
