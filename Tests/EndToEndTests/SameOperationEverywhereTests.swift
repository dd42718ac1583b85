import Foundation
import Kernel
import TestSupport
import Testing

/// One operation answered identically in-process, over a real socket and by `ecom rpc`.
@Suite("One operation, three ways")
struct SameOperationEverywhereTests {
    @Test func systemInfoIsTheSameEverywhere() async throws {
        let expected: JSONValue = ["name": "E-commerce Core API", "docs": "/docs"]
        try await TestApp.with(.sqlite, transport: .router) { app in
            let viaHTTP = try await app.http(.get, "/").json
            let viaRPC = try await app.rpc("system.info")["result"]
            #expect(viaHTTP == expected)
            #expect(viaRPC == expected)
        }
        try await TestApp.with(.sqlite, transport: .live) { app in
            let overSocket = try await app.http(.get, "/").json
            #expect(overSocket == expected)
        }
        let (path, directory) = try EcomProcess.writeConfig(ExecutableTests.baseConfig)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try EcomProcess.run(
            ["rpc", "--config", path], input: #"{"jsonrpc":"2.0","method":"system.info","id":1}"#)
        #expect(try JSONParser.parse(outcome.stdout.trimmingCharacters(in: .newlines))["result"] == expected)
    }
}
