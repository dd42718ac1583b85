import Kernel
import Testing

@Suite("Module registry")
struct ModuleRegistryTests {
    enum A: Module {
        static let id = "a"
        static let dependencies: [String] = []
        static let summary = "a"
        static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] { [] }
    }
    enum B: Module {
        static let id = "b"
        static let dependencies = ["a"]
        static let summary = "b"
        static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] { [] }
    }
    enum C: Module {
        static let id = "c"
        static let dependencies = ["b", "a"]
        static let summary = "c"
        static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] { [] }
    }

    let registry = ModuleRegistry([A.self, B.self, C.self])

    @Test func resolvesInDependencyOrder() throws {
        #expect(try registry.resolve(enabled: ["c", "b", "a"], configPath: "x.yaml").map { $0.id } == ["a", "b", "c"])
        #expect(try registry.resolve(enabled: ["a"], configPath: "x.yaml").map { $0.id } == ["a"])
        #expect(try registry.resolve(enabled: ["b", "a", "b"], configPath: "x.yaml").map { $0.id } == ["a", "b"])
    }

    @Test func unknownModuleNamesFileAndChoices() {
        #expect {
            try registry.resolve(enabled: ["a", "zz"], configPath: "config/x.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("config/x.yaml") && text.contains("'zz'") && text.contains("a, b, c")
        }
    }

    @Test func missingDependencyNamesBoth() {
        #expect {
            try registry.resolve(enabled: ["c", "a"], configPath: "config/x.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("config/x.yaml") && text.contains("'c'") && text.contains("'b'")
        }
    }
}
