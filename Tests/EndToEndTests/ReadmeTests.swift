import Foundation
import Kernel
import TestSupport
import Testing

/// The README cannot rot: its route list and configuration reference are checked here.
@Suite("README")
struct ReadmeTests {
    static func file(_ name: String) throws -> String {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func listsEveryOperation() async throws {
        let readme = try Self.file("README.md")
        try await TestApp.with(.sqlite) { app in
            for operation in app.runtime.table.operations where operation.moduleID != "system" {
                let row =
                    "| `\(operation.http.method.rawValue) \(operation.http.path)` | `\(operation.method)` | \(operation.access.rawValue) |"
                #expect(readme.contains(row), "README lacks \(row)")
            }
        }
    }

    @Test func documentsEveryConfigKey() throws {
        let readme = try Self.file("README.md")
        for name in ["config/ecom.yaml", "config/production.yaml"] {
            for line in try Self.file(name).split(separator: "\n") {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.hasPrefix("#"), let colon = text.firstIndex(of: ":") else { continue }
                let key = String(text[..<colon])
                guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "_" }) else { continue }
                #expect(readme.contains(key), "README does not mention `\(key)` from \(name)")
            }
        }
    }
}
