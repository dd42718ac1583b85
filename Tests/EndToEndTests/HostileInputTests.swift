import Foundation
import Kernel
import TestSupport
import Testing

/// `ecom rpc` answers every malformed line with one well-formed error and keeps going.
@Suite("Hostile JSON-RPC input")
struct HostileInputTests {
    /// Deterministic generator so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
    }

    static func malformedLines(count: Int) -> [[UInt8]] {
        var generator = Generator(state: 42)
        let templates: [String] = [
            "{", "}", "[", "]]", "nul", "{\"jsonrpc\":\"2.0\"",
            "{\"jsonrpc\":\"1.0\",\"method\":\"system.info\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":42,\"id\":1}", "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"id\":[1]}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"catalog.products.list\",\"params\":{\"limit\":1e400},\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"catalog.products.list\",\"params\":{\"limit\":\"NaN\"},\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"catalog.products.get\",\"params\":{\"prod_id\":99999999999999999999999},\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"orders.create\",\"params\":{\"items\":\"all\"},\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"auth.register\",\"params\":{\"email\":[],\"password\":{}},\"id\":1}",
            "\"\\ud800\"", "{\"a\":\"\\u12\"}", "01", "-", "[1,2,",
            "{\"jsonrpc\":\"2.0\",\"method\":\"system.info\",\"params\":7,\"id\":1}",
        ]
        var lines: [[UInt8]] = []
        for index in 0..<count {
            switch index % 5 {
            case 0: lines.append(Array(generator.pick(templates).utf8))
            case 1: lines.append(Array(String(repeating: "[", count: Int(generator.next() % 5000) + 65).utf8))
            case 2:
                lines.append(
                    (0..<Int(generator.next() % 40 + 1)).map { _ in UInt8(generator.next() % 256) }.filter {
                        $0 != 0x0A
                    })
            case 3:
                lines.append(
                    Array(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"\(generator.pick(["a", "b.c", "catalog.x", ""]))\",\"id\":\(index)}"
                            .utf8))
            default: lines.append([0x7B, 0xFF, 0xFE, 0x22, 0x7D])  // invalid UTF-8
            }
        }
        return lines.map { $0.isEmpty || $0.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) ? [0x7B] : $0 }
    }

    @Test func everyMalformedLineGetsOneError() throws {
        let (path, directory) = try EcomProcess.writeConfig(ExecutableTests.baseConfig)
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines = Self.malformedLines(count: 3000)
        // An enormous line (over the 1 MiB limit) is refused as one error too.
        lines.append(
            Array("{\"jsonrpc\":\"2.0\",\"method\":\"system.info\",\"params\":{\"x\":\"".utf8)
                + Array(repeating: 0x61, count: 1_200_000) + Array("\"},\"id\":1}".utf8))
        lines.append(Array(#"{"jsonrpc":"2.0","method":"system.info","id":"last"}"#.utf8))
        let input = Data(Array(lines.joined(separator: [0x0A])))
        let outcome = try EcomProcess.run(["rpc", "--config", path], bytes: input, timeout: 120)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr.suffix(500))")
        let answers = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(answers.count == lines.count)
        for answer in answers {
            let value = try JSONParser.parse(String(answer))
            let isError: Bool = {
                if case .array(let members) = value { return members.allSatisfy { $0["error"] != nil } }
                return value["error"] != nil
            }()
            #expect(value["jsonrpc"] == "2.0" || { if case .array = value { return true } else { return false } }())
            if answers.last != answer { #expect(isError, "not an error: \(answer.prefix(200))") }
        }
        #expect(answers.last?.contains(#""id":"last""#) == true)
    }
}
