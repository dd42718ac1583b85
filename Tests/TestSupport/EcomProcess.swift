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
        let child = try EcomChild(arguments, environment: environment)
        try child.write(bytes)
        try child.closeInput()
        let status = try child.waitBlocking(timeout: timeout)
        return Outcome(status: status, stdout: child.stdout, stderr: child.stderr)
    }

    /// An unstarted `ecom arguments…` with the test's environment plus `environment`.
    public static func makeProcess(_ arguments: [String], environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        return process
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
