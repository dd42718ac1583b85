import Foundation
import Kernel
import Logging
import Synchronization
import TestSupport
import Testing
import Transports

/// The stdio server end to end in-process: lines from a file in, answers to a file out, as
/// `ecom rpc < commands.jsonl > answers.jsonl` would see them.
@Suite("Stdio JSON-RPC server")
struct StdioRPCServerTests {
    static func request(_ method: String, _ params: JSONObject = [:], id: Int?) -> String {
        var request: JSONObject = ["jsonrpc": "2.0", "method": .string(method), "params": .object(params)]
        if let id { request["id"] = .int(Int64(id)) }
        return JSONValue.object(request).serialized()
    }

    /// Runs a server over `lines` until end of input and returns its answers.
    static func pipe(_ lines: [String], through app: TestApp) async throws -> [JSONValue] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecom-rpc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputPath = directory.appendingPathComponent("in.jsonl").path
        let outputPath = directory.appendingPathComponent("out.jsonl").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: inputPath))
        let input = open(inputPath, O_RDONLY)
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer {
            close(input)
            close(output)
        }
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let server = StdioRPCServer(runtime: app.runtime, token: nil, logger: logger, input: input, output: output)
        try await server.run()
        let text = try String(contentsOfFile: outputPath, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    static func withNotes(_ backend: Backend, _ body: @Sendable (TestApp) async throws -> Void) async throws {
        try await TestApp.with(backend, modules: ["notes"], registry: NotesModule.registry, body)
    }

    /// Reads of different latency (a database read, an echo) interleaved: a server that wrote
    /// answers as they complete would reorder them.
    @Test(arguments: TestEnvironment.backends) func manyPipedReadsAnswerInInputOrder(backend: Backend) async throws {
        try await Self.withNotes(backend) { app in
            var lines = [Self.request("notes.create", ["body": "seed"], id: 0)]
            var expected: [Int] = [0]
            for number in 1...500 {
                if number % 50 == 25 {
                    lines.append(Self.request("notes.list", id: nil))
                } else if number.isMultiple(of: 2) {
                    lines.append(Self.request("notes.get", ["note_id": 1], id: number))
                    expected.append(number)
                } else {
                    lines.append(Self.request("notes.list", ["limit": .int(Int64(number % 100 + 1))], id: number))
                    expected.append(number)
                }
            }
            let answers = try await Self.pipe(lines, through: app)
            #expect(answers.compactMap { $0["id"]?.number } == expected)
            for answer in answers.dropFirst() {
                let number = try #require(answer["id"]?.number)
                if number.isMultiple(of: 2) {
                    #expect(answer["result"]?["body"] == "seed", "\(answer)")
                } else {
                    #expect(answer["result"]?["limit"]?.number == number % 100 + 1, "\(answer)")
                }
            }
        }
    }

    /// A write between reads is seen by every read after it and by none before it.
    @Test(arguments: TestEnvironment.backends) func readsObserveEarlierWritesOnly(backend: Backend) async throws {
        try await Self.withNotes(backend) { app in
            var lines: [String] = []
            var number = 0
            func add(_ method: String, _ params: JSONObject) {
                lines.append(Self.request(method, params, id: number))
                number += 1
            }
            for _ in 0..<40 { add("notes.get", ["note_id": 1]) }
            add("notes.create", ["body": "first"])
            for _ in 0..<40 {
                add("notes.get", ["note_id": 1])
                add("notes.get", ["note_id": 2])
            }
            add("notes.create", ["body": "second"])
            for _ in 0..<40 { add("notes.get", ["note_id": 2]) }

            let answers = try await Self.pipe(lines, through: app)
            #expect(answers.count == lines.count)
            #expect(answers.compactMap { $0["id"]?.number } == Array(0..<lines.count))
            let bodies = answers.map { $0["result"]?["body"]?.stringValue ?? "missing" }
            #expect(bodies[0..<40].allSatisfy { $0 == "missing" }, "a read before the write saw it")
            #expect(bodies[40] == "first")
            for offset in stride(from: 41, to: 121, by: 2) {
                #expect(bodies[offset] == "first", "read \(offset) missed the write before it")
                #expect(bodies[offset + 1] == "missing", "read \(offset + 1) saw a later write")
            }
            #expect(bodies[121] == "second")
            #expect(bodies[122...].allSatisfy { $0 == "second" }, "a read after the write missed it")
        }
    }

    /// More answers than a pipe holds (1.4 MB, past even the enlarged 1 MiB buffer), into a
    /// pipe whose reader is slow, after more notifications in a row than the server reads ahead
    /// (they are answered by nothing, so only their completion makes room for more input):
    /// every answer arrives, in order, and the server returns.
    @Test(.timeLimit(.minutes(1))) func aSlowReaderOfTheOutputGetsEveryAnswerInOrder() async throws {
        try await Self.withNotes(.sqlite) { app in
            let body = String(repeating: "n", count: 100)
            var lines = [Self.request("notes.create", ["body": .string(body)], id: 0)]
            lines += (0..<300).map { _ in Self.request("notes.list", ["limit": 1], id: nil) }
            lines += (1...10_000).map { Self.request("notes.get", ["note_id": 1], id: $0) }
            let answers = try await Self.pipeToSlowReader(lines, through: app)
            #expect(answers.compactMap { $0["id"]?.number } == Array(0...10_000))
            #expect(answers.dropFirst().allSatisfy { $0["result"]?["body"] == .string(body) })
        }
    }

    /// Like `pipe`, but stdout is a pipe read 16 KiB at a time with a pause after each read.
    static func pipeToSlowReader(_ lines: [String], through app: TestApp) async throws -> [JSONValue] {
        try await withPipedInput(lines) { input, ends in
            let received = OutputCollector(descriptor: ends[0])
            try await server(app, input: input, output: ends[1]).run()
            close(ends[1])
            let text = String(decoding: await received.all(), as: UTF8.self)
            close(ends[0])
            return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        }
    }

    /// Runs `body` with `lines` in a file opened as input and a fresh pipe for the output.
    static func withPipedInput<T>(_ lines: [String], _ body: (Int32, [Int32]) async throws -> T) async throws -> T {
        let inputPath = FileManager.default.temporaryDirectory.appendingPathComponent("ecom-rpc-\(UUID().uuidString)")
            .path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: inputPath))
        defer { try? FileManager.default.removeItem(atPath: inputPath) }
        let input = open(inputPath, O_RDONLY)
        defer { close(input) }
        var ends: [Int32] = [0, 0]
        #expect(Foundation.pipe(&ends) == 0)
        return try await body(input, ends)
    }

    /// A stdio server for `app` on the given descriptors, logging errors only.
    static func server(_ app: TestApp, input: Int32, output: Int32) -> StdioRPCServer {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return StdioRPCServer(runtime: app.runtime, token: nil, logger: logger, input: input, output: output)
    }

    /// stdout closed by its reader before the first answer: the process is not killed by
    /// SIGPIPE, the server stops reading, the calls already started finish, the rest of the
    /// input is not run, and `run()` says why it stopped.
    @Test(.timeLimit(.minutes(1))) func aClosedOutputStopsTheServerWithoutRunningTheRest() async throws {
        try await Self.withNotes(.sqlite) { app in
            let lines = (1...2_000).map { Self.request("notes.create", ["body": "n"], id: $0) }
            try await Self.withPipedInput(lines) { input, ends in
                close(ends[0])
                defer { close(ends[1]) }
                let server = Self.server(app, input: input, output: ends[1])
                await #expect(throws: StdoutClosed.self) { try await server.run() }
            }
            let row = try await app.runtime.database.sql.raw("SELECT COUNT(*) AS n FROM notes").first()
            let created = try row?.decode(column: "n", as: Int.self) ?? 0
            #expect(created >= 1)
            #expect(created < lines.count)
        }
    }

    @Test func emptyInputReturnsWithoutAnswers() async throws {
        try await Self.withNotes(.sqlite) { app in
            let answers = try await Self.pipe([], through: app)
            #expect(answers.isEmpty)
        }
    }
}

/// Reads a descriptor to its end on a thread of its own, slowly: 16 KiB, then 1 ms of sleep.
private final class OutputCollector: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let done = DispatchSemaphore(value: 0)

    init(descriptor: Int32) {
        Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                bytes.withLock { $0 += chunk[0..<count] }
                usleep(1_000)
            }
            done.signal()
        }.start()
    }

    /// Everything read, once the writing end is closed.
    func all() async -> [UInt8] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [self] in
                done.wait()
                continuation.resume(returning: bytes.withLock { $0 })
            }
        }
    }
}

extension JSONValue {
    /// The integer payload, when this is an integer.
    fileprivate var number: Int? {
        if case .int(let value) = self { return Int(value) }
        return nil
    }
}
