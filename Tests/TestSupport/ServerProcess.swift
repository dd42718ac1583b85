import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A running `ecom serve` subprocess on a free loopback port.
public final class ServerProcess: @unchecked Sendable {
    // `process` is only touched by the test that owns this object.
    public let port: Int
    let process: Process
    let output: Pipe
    private let drain: PipeDrain

    /// Starts `ecom serve` with `config` and waits until it answers `GET /`.
    public init(config: String, environment: [String: String] = [:], timeout: TimeInterval = 60) async throws {
        port = try Self.freePort()
        process = Process()
        process.executableURL = EcomProcess.executable
        process.arguments = ["serve", "--config", config, "--port", String(port)]
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        output = Pipe()
        process.standardOutput = output
        process.standardError = output
        // Drained from the start: a chatty server (trace logs) would block on a full pipe.
        drain = PipeDrain(output)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let response = try? await request("GET", "/"), response.status == 200 { return }
            guard process.isRunning else { throw TestSetupError("ecom serve exited with \(process.terminationStatus)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw TestSetupError("ecom serve did not answer within \(timeout) s")
    }

    /// Sends a request and returns status and body.
    public func request(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:])
        async throws -> (status: Int, body: String)
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// True until the server has exited.
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` and waits for the process to exit; returns its exit status.
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 30) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            throw TestSetupError("ecom serve did not stop within \(timeout) s")
        }
        return process.terminationStatus
    }

    /// Everything the server printed (call after `stop`).
    public func logs() -> String {
        String(decoding: drain.finish(), as: UTF8.self)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// A TCP port nothing listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw TestSetupError("cannot bind a probe socket") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Reads a pipe to its end on a thread of its own: not on a Dispatch worker, since a read that
/// never ends (a daemon such as a restarted PostgreSQL can inherit the write end) would take
/// one of the few threads Swift concurrency and Foundation share on a small machine.
final class PipeDrain: @unchecked Sendable {
    // `lock` guards `data`, appended by the reader thread and read by `finish`.
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let reader = Thread { [self] in
            let handle = pipe.fileHandleForReading
            while case let chunk = handle.availableData, !chunk.isEmpty {
                lock.withLock { data.append(chunk) }
            }
            done.signal()
        }
        reader.start()
    }

    /// What has been read so far.
    var current: Data { lock.withLock { data } }

    /// Everything read: all of it once the writer has closed the pipe (the process has exited),
    /// or what arrived within `timeout` seconds if something else still holds the write end.
    func finish(timeout: Double = 10) -> Data {
        if done.wait(timeout: .now() + timeout) == .success { done.signal() }
        return lock.withLock { data }
    }
}
