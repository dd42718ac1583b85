import Foundation
import Kernel
import TestSupport
import Testing

/// A module target may import the Kernel, the modules it depends on and the libraries its
/// manifest entry names, nothing else (DESIGN.md): `Package.swift`, each module's declared
/// `dependencies` and every module's imports agree.
@Suite("Module boundaries")
struct ModuleBoundaryTests {
    /// A `module("Orders", dependsOn: [...], extra: [...])` entry of the manifest.
    struct ManifestModule {
        var target: String
        var dependencies: Set<String>
        var products: Set<String>
    }

    /// The Swift and toolchain modules any target may import.
    static let toolchain: Set<String> = ["Foundation", "FoundationEssentials", "Synchronization", "Dispatch"]

    static func manifestModules() throws -> [ManifestModule] {
        let manifest = try RepositoryFiles.text("Package.swift")
        var modules: [ManifestModule] = []
        for match in manifest.matches(of: /\n\s*module\(\s*"(\w+)"/) {
            let call = balanced(manifest[match.range.upperBound...])
            let dependsOn = call.firstMatch(of: /dependsOn:\s*\[([^\]]*)\]/).map { String($0.1) } ?? ""
            modules.append(
                ManifestModule(
                    target: String(match.1),
                    dependencies: Set(dependsOn.matches(of: /"(\w+)"/).map { String($0.1) }),
                    products: Set(call.matches(of: /\.product\(name:\s*"(\w+)"/).map { String($0.1) })))
        }
        return modules
    }

    /// `text` up to the parenthesis that closes the call it is inside.
    private static func balanced(_ text: Substring) -> Substring {
        var depth = 1
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return text[..<index] }
            default: break
            }
        }
        return text
    }

    @Test func theManifestAndEachModulesDependenciesAgree() throws {
        let manifest = try Self.manifestModules()
        let registry = TestModules.registry.available
        #expect(Set(manifest.map { $0.target.lowercased() }) == Set(registry.map { $0.id }))
        for module in registry {
            let entry = manifest.first { $0.target.lowercased() == module.id }
            #expect(
                entry.map { Set($0.dependencies.map { $0.lowercased() }) } == Set(module.dependencies),
                "Package.swift and \(module.id)'s dependencies")
        }
    }

    @Test func modulesImportOnlyWhatTheManifestGivesThem() throws {
        let modules = try Self.manifestModules()
        #expect(modules.count == 5)
        for module in modules {
            let allowed = Self.toolchain.union(["Kernel"]).union(module.dependencies).union(module.products)
            let files = RepositoryFiles.swiftFiles(under: "Modules/\(module.target)")
            #expect(!files.isEmpty, "\(module.target)")
            for file in files {
                let source = try String(contentsOf: file, encoding: .utf8)
                for line in source.split(separator: "\n") {
                    guard let imported = line.firstMatch(of: /^(?:@\w+\s+)*import\s+(?:\w+\s+)?(\w+)/) else {
                        continue
                    }
                    #expect(allowed.contains(String(imported.1)), "\(file.lastPathComponent): \(line)")
                }
            }
        }
    }
}
