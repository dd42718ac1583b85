import Foundation
import Kernel
import TestSupport
import Testing

@Suite("ecom serve")
struct ServeProcessTests {
    @Test func servesAndShutsDownGracefullyOnSIGTERM() async throws {
        let (path, directory) = try EcomProcess.writeConfig(
            ExecutableTests.baseConfig.replacingOccurrences(of: "level: warning", with: "level: info"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess(config: path)
        let health = try await server.request("GET", "/healthz")
        #expect(health.status == 200)
        #expect(try JSONParser.parse(health.body)["status"] == "ok")
        let missing = try await server.request("GET", "/nowhere")
        #expect(missing.status == 404)
        #expect(try await server.stop(signal: SIGTERM) == 0)
        let logs = server.logs()
        // One structured line per request, and nothing secret.
        #expect(logs.contains("route=/healthz"))
        #expect(!logs.lowercased().contains("secret_key"))
    }
}
