import Foundation

/// Runs the built `ecom` executable as a subprocess, as users and scripts do.
public struct EcomProcess {
    /// What a finished run printed and how it ended.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `ecom` binary next to the test bundle.
    public static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !directory.path.hasSuffix("debug") && !directory.path.hasSuffix("release") && directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("ecom")
    }

    /// Runs `ecom arguments…` with `input` on stdin, waiting at most `timeout` seconds.
    public static func run(
        _ arguments: [String], input: String = "", environment: [String: String] = [:], timeout: TimeInterval = 60
    ) throws -> Outcome {
        try run(arguments, bytes: Data(input.utf8), environment: environment, timeout: timeout)
    }

    /// Runs `ecom arguments…` with raw `bytes` on stdin (which need not be valid UTF-8).
    public static func run(
        _ arguments: [String], bytes: Data, environment: [String: String] = [:], timeout: TimeInterval = 60
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let collector = OutputCollector(stdout: stdout, stderr: stderr)
        stdin.fileHandleForWriting.write(bytes)
        try stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw TestSetupError("ecom \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        let (out, err) = collector.finish()
        return Outcome(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// Writes a config file for the embedded default in a new temporary directory.
    public static func writeConfig(_ yaml: String) throws -> (path: String, directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecom-exe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("ecom.yaml").path
        try yaml.replacingOccurrences(of: "$DIR", with: directory.path).write(
            toFile: path, atomically: true, encoding: .utf8)
        return (path, directory)
    }
}

/// Drains both pipes on background threads so a chatty child never blocks on a full pipe.
private final class OutputCollector: @unchecked Sendable {
    // Each buffer is written by one reader thread and read only after `group` has finished.
    private var out = Data()
    private var err = Data()
    private let group = DispatchGroup()

    init(stdout: Pipe, stderr: Pipe) {
        group.enter()
        DispatchQueue.global().async {
            self.out = stdout.fileHandleForReading.readDataToEndOfFile()
            self.group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            self.err = stderr.fileHandleForReading.readDataToEndOfFile()
            self.group.leave()
        }
    }

    func finish() -> (String, String) {
        group.wait()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
