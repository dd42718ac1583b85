import Foundation

/// An `ecom` subprocess the test talks to while it runs: stdin stays open for writing, stdout
/// and stderr are collected as they arrive, and the test decides when to signal it. Several can
/// be started back to back to run commands at the same moment. Killed when it goes away.
public final class EcomChild: @unchecked Sendable {
    // `process` and `stdin` are used by the owning test only; the drains read on threads of
    // their own.
    let process: Process
    let stdin: Pipe
    private let out: PipeDrain
    private let err: PipeDrain

    /// Starts `ecom arguments…`.
    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process = EcomProcess.makeProcess(arguments, environment: environment)
        stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        out = PipeDrain(stdout)
        err = PipeDrain(stderr)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The process id, for signals.
    public var pid: Int32 { process.processIdentifier }
    /// True until the process has exited.
    public var isRunning: Bool { process.isRunning }
    /// What it printed on stdout so far.
    public var stdout: String { String(decoding: out.current, as: UTF8.self) }
    /// What it printed on stderr so far.
    public var stderr: String { String(decoding: err.current, as: UTF8.self) }

    /// Writes `text` to its stdin.
    public func write(_ text: String) throws {
        try write(Data(text.utf8))
    }

    /// Writes raw `bytes` to its stdin.
    public func write(_ bytes: Data) throws {
        try stdin.fileHandleForWriting.write(contentsOf: bytes)
    }

    /// Closes its stdin (end of input).
    public func closeInput() throws {
        try stdin.fileHandleForWriting.close()
    }

    /// Sends `signal`.
    public func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits at most `timeout` seconds for the process to exit and its output to be read; returns
    /// the exit status, or throws (after killing it) when it is still running.
    @discardableResult
    public func wait(timeout: TimeInterval = 60) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return try finish(timeout: timeout)
    }

    /// `wait` for synchronous tests: blocks the calling thread.
    @discardableResult
    public func waitBlocking(timeout: TimeInterval = 60) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return try finish(timeout: timeout)
    }

    private func finish(timeout: TimeInterval) throws -> Int32 {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw TestSetupError(
                "ecom \(process.arguments?.joined(separator: " ") ?? "") did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        // The pipes reach end of file once the process (and any child holding them) is gone.
        _ = out.finish()
        _ = err.finish()
        return process.terminationStatus
    }

    /// Polls `condition` every 20 ms for at most `timeout` seconds; true once it holds.
    public static func eventually(timeout: TimeInterval, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
