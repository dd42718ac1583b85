import Foundation
import Kernel
import TestSupport
import Testing

/// The README cannot rot: its route list and configuration reference are checked here.
@Suite("README")
struct ReadmeTests {
    @Test func listsEveryOperation() async throws {
        let readme = try RepositoryFiles.text("README.md")
        try await TestApp.with(.sqlite) { app in
            for operation in app.runtime.table.operations where operation.moduleID != "system" {
                let row =
                    "| `\(operation.http.method.rawValue) \(operation.http.path)` | `\(operation.method)` | \(operation.access.rawValue) |"
                #expect(readme.contains(row), "README lacks \(row)")
            }
        }
    }

    @Test func documentsEveryConfigKey() throws {
        let readme = try RepositoryFiles.text("README.md")
        for name in ["config/ecom.yaml", "config/production.yaml"] {
            for line in try RepositoryFiles.text(name).split(separator: "\n") {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.hasPrefix("#"), let colon = text.firstIndex(of: ":") else { continue }
                let key = String(text[..<colon])
                guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "_" }) else { continue }
                #expect(readme.contains(key), "README does not mention `\(key)` from \(name)")
            }
        }
    }
}
