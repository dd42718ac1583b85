import Testing

@testable import Kernel

/// Module sections read scalars like the kernel's sections, a module without settings takes
/// none, and every compiled-in module's section is checked, enabled or not.
@Suite struct ConfigModuleSectionTests {
    struct Settings: Decodable, Sendable, Equatable {
        var minutes = 60
        var enabled = false
        var ratio = 1.0
        var name: String?
        var tags: [String] = []
        enum CodingKeys: String, CodingKey, CaseIterable {
            case minutes, enabled, ratio, name, tags
        }
        init() {}
        init(from decoder: any Decoder) throws {
            try ModuleConfigKeys.rejectUnknown(in: decoder, known: CodingKeys.allCases.map(\.rawValue), module: "with")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            minutes = try c.decodeIfPresent(Int.self, forKey: .minutes) ?? 60
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
            ratio = try c.decodeIfPresent(Double.self, forKey: .ratio) ?? 1.0
            name = try c.decodeIfPresent(String.self, forKey: .name)
            tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        }
    }

    enum WithSettings: Module {
        typealias Config = Settings
        static let id = "with"
        static let dependencies: [String] = []
        static let summary = "has settings"
        static func boot(_ context: BootContext, config: Settings) async throws -> [AnyOperation] { [] }
    }

    enum Without: Module {
        static let id = "without"
        static let dependencies: [String] = []
        static let summary = "has none"
        static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] { [] }
    }

    func settings(_ yaml: String, _ environment: [String: String] = [:]) throws(ConfigError) -> Settings {
        try loadConfig("modules: [with]\nwith: \(yaml)", environment).section("with", as: Settings.self)
    }

    @Test func quotedNumbersAndBooleansReadAsInTheKernel() throws {
        let quoted = try settings(
            "{ minutes: \"${M:-60}\", enabled: \"${E:-true}\", ratio: \"0.5\", name: 0123, tags: [1, yes] }",
            ["M": "15"])
        #expect(quoted.minutes == 15 && quoted.enabled && quoted.ratio == 0.5)
        #expect(quoted.name == "0123" && quoted.tags == ["1", "yes"])
        #expect(try settings("{ enabled: 1 }").enabled)
        #expect(try !settings("{ enabled: \"Off\" }").enabled)
        #expect(try settings("{ minutes: 010 }").minutes == 10)
        #expect(try settings("{ minutes: 1_000 }").minutes == 1000)
        #expect(try settings("{ name: \"null\" }").name == "null")
        #expect(try settings("{ name: ~, minutes: }") == Settings())
    }

    @Test(arguments: [
        ("{ minutes: 0x10 }", "`with.minutes` must be a whole number, found \"0x10\""),
        ("{ minutes: \"1:30\" }", "`with.minutes` must be a whole number, found \"1:30\""),
        ("{ enabled: maybe }", "`with.enabled` must be true or false, found \"maybe\""),
        ("{ ratio: .nan }", "`with.ratio` must be a number, found \".nan\""),
        ("{ name: [a] }", "`with.name` must be a string, found a list"),
        ("{ tags: [a, [b]] }", "`with.tags[1]` must be a string, found a list"),
        ("{ tags: x }", "`with.tags` must be a list, found \"x\""),
        ("{ minuts: 5 }", "`with.minuts` is invalid: is not a setting of the with module"),
    ])
    func wrongValuesNameTheKey(yaml: String, expected: String) {
        let error = configError { _ = try settings(yaml) }
        #expect(error?.message.hasPrefix(expected) == true, "\(String(describing: error))")
        #expect(error?.line == 2)
    }

    @Test(arguments: ["{ idempotency_ttl_hours: 24 }", "hello", "[1, 2]"])
    func aModuleWithoutSettingsRefusesAnySection(yaml: String) {
        let error = configError {
            _ = try loadConfig("modules: [without]\nwithout: \(yaml)").section("without", as: NoConfig.self)
        }
        #expect(
            error?.message
                == "`without` is invalid: this module takes no settings; remove the section or leave it empty")
        #expect(error?.line == 2)
    }

    @Test(arguments: ["", "~", "{}"])
    func aModuleWithoutSettingsAcceptsAnEmptySection(yaml: String) throws {
        _ = try loadConfig("modules: [without]\nwithout: \(yaml)").section("without", as: NoConfig.self)
    }

    @Test func sectionsOfDisabledModulesAreChecked() throws {
        let modules: [any Module.Type] = [WithSettings.self, Without.self]
        let misspelt = try loadConfig("modules: []\nwith: { minuts: 5 }")
        let error = configError { try misspelt.checkSections(of: modules) }
        #expect(error?.message.contains("`with.minuts` is invalid: is not a setting of the with module") == true)
        let stray = try loadConfig("modules: [with]\nwithout: { x: 1 }")
        #expect(configError { try stray.checkSections(of: modules) }?.message.contains("takes no settings") == true)
        try loadConfig("modules: []\nwith: { minutes: 5 }\nwithout:").checkSections(of: modules)
    }
}
