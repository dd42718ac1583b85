import Foundation
import Testing

@testable import Kernel

@Suite struct ConfigErrorTests {
    @Test func malformedYAMLNamesTheFileAndPosition() {
        let error = configError { _ = try loadConfig("modules: [auth\nhttp: { port: 1 }\n") }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("test.yaml:"))
        #expect(text.contains("malformed YAML") && text.contains("fix the YAML syntax"))
        #expect(error?.line != nil && error?.column != nil)
        #expect(!text.contains("\n"))
    }

    @Test func tabsAndDuplicateKeysAreReported() {
        let tab = configError { _ = try loadConfig("modules: [auth]\nhttp:\n\tport: 1\n") }
        #expect(tab?.line == 3 && tab?.message.contains("malformed YAML") == true)
        let duplicate = configError { _ = try loadConfig("modules: [auth]\nmodules: [catalog]\n") }
        #expect(duplicate?.message.contains("duplicate key 'modules'") == true)
    }

    @Test func descriptionIsOneLine() {
        let error = ConfigError(path: "c.yaml", message: "first\nsecond", line: 3, column: 4)
        #expect(error.description == "c.yaml:3:4: first second")
        #expect(ConfigError(path: "c.yaml", message: "m").description == "c.yaml: m")
    }

    @Test(arguments: [
        ("modules: [a]\nhttp: { port: abc }", "`http.port` must be a whole number, found \"abc\"", 2),
        ("modules: [a]\nhttp: { port: 70000 }", "`http.port` must be between 0 and 65535, found 70000", 2),
        ("modules: [a]\nhttp: { prot: 80 }", "unknown setting `http.prot`", 2),
        ("modules: [a]\nhttp: 8000", "`http` must be a mapping of settings, found \"8000\"", 2),
        ("modules: [a]\nhttp: { host: \"\" }", "`http.host` must be a host name", 2),
        ("modules: [a]\nhttp: { max_body_bytes: 0 }", "`http.max_body_bytes` must be between 1", 2),
        ("modules: [a]\nhttp: { request_timeout_seconds: 0 }", "must be between 0.1 and 86400 seconds, found 0", 2),
        ("modules: [a]\nhttp: { cors_origins: [\"https://a.example/\"] }", "no path or trailing slash", 2),
        ("modules: [a]\nhttp: { cors_origins: { a: 1 } }", "must be a list", 2),
        ("modules: [a]\ndatabase: { auto_migrate: maybe }", "`database.auto_migrate` must be true or false", 2),
        ("modules: [a]\ndatabase: { pool_size: 0 }", "`database.pool_size` must be between 1 and 1000", 2),
        ("modules: [a]\nlogging: { level: loud }", "`logging.level` is \"loud\"; use one of trace, debug", 2),
        ("modules: [a]\nlogging: { format: xml }", "use text or json", 2),
        ("modules: [a]\nenv: [x]", "`env` must be a string, found a list", 2),
        ("http: {}", "`modules` is missing; list the modules to enable", 1),
        ("modules: [auth, auth]", "lists 'auth' twice", 1),
        ("modules: [auth, [x]]", "`modules` must list strings, found a list", 1),
        ("- modules", "the top level must be a mapping", 1),
    ])
    func wrongValuesAreClearErrors(yaml: String, expected: String, line: Int) {
        let error = configError { _ = try loadConfig(yaml) }
        #expect(error?.path == "test.yaml")
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.line == line)
    }

    @Test func emptyFileIsAnError() {
        for yaml in ["", "# only a comment\n", "~"] {
            #expect(configError { _ = try loadConfig(yaml) }?.message.contains("the config is empty") == true)
        }
    }

    @Test func missingFileNamesThePath() {
        let error = configError {
            _ = try ConfigLoader.load(path: "/nonexistent/ecom.yaml", environment: [:])
        }
        #expect(error?.description.hasPrefix("/nonexistent/ecom.yaml: config file not found") == true)
        let directory = configError { _ = try ConfigLoader.load(path: NSTemporaryDirectory(), environment: [:]) }
        #expect(directory?.message.contains("is a directory") == true)
    }
}

@Suite struct ConfigSectionTests {
    struct Catalog: Decodable, Equatable {
        var ttl = 120
        var featured: [String] = []
        var enabled = true
        enum CodingKeys: String, CodingKey {
            case ttl = "listing_cache_ttl_seconds"
            case featured, enabled
        }
        init() {}
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            ttl = try container.decodeIfPresent(Int.self, forKey: .ttl) ?? 120
            featured = try container.decodeIfPresent([String].self, forKey: .featured) ?? []
            enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        }
    }

    struct Strict: Decodable {
        var required: String
        var nested: Nested
        struct Nested: Decodable { var count: Int }
    }

    @Test func absentOrEmptySectionDecodesDefaults() throws {
        #expect(try loadConfig("modules: [catalog]").section("catalog", as: Catalog.self) == Catalog())
        #expect(try loadConfig("modules: [catalog]\ncatalog:\n").section("catalog", as: Catalog.self) == Catalog())
        #expect(try AppConfig().section("catalog", as: Catalog.self) == Catalog())
        struct Empty: Decodable {}
        _ = try loadConfig("modules: [x]").section("x", as: Empty.self)
    }

    @Test func presentValuesAreDecoded() throws {
        let config = try loadConfig(
            "modules: [catalog]\ncatalog:\n  listing_cache_ttl_seconds: ${TTL:-30}\n  featured: [a, b]\n  enabled: off\n"
        )
        var expected = Catalog()
        expected.ttl = 30
        expected.featured = ["a", "b"]
        expected.enabled = false
        #expect(try config.section("catalog", as: Catalog.self) == expected)
    }

    @Test func typeMismatchNamesFileSectionKeyAndLine() {
        let config = try? loadConfig("modules: [catalog]\ncatalog:\n  listing_cache_ttl_seconds: soon\n")
        let error = configError { _ = try config?.section("catalog", as: Catalog.self) }
        #expect(
            error?.description
                == "test.yaml:3:30: `catalog.listing_cache_ttl_seconds` must be a whole number, found \"soon\"")
    }

    @Test func nestedAndMissingKeysAreNamed() {
        let config = try? loadConfig("modules: [s]\ns:\n  required: x\n  nested: { count: [1] }\n")
        let nested = configError { _ = try config?.section("s", as: Strict.self) }
        #expect(nested?.message == "`s.nested.count` must be a whole number, found a list")
        #expect(nested?.line == 4)
        let missing = configError {
            _ = try loadConfig("modules: [s]\ns: { nested: { count: 1 } }").section("s", as: Strict.self)
        }
        #expect(missing?.message == "`s.required` is missing; add it to the `s` section")
        #expect(missing?.line == 2)
        let scalar = configError { _ = try loadConfig("modules: [s]\ns: 5").section("s", as: Strict.self) }
        #expect(scalar?.message == "`s` must be a mapping, found \"5\"")
    }

    @Test func setSectionReplacesARawSection() throws {
        var config = AppConfig(modules: ["catalog"])
        try config.setSection("catalog", yaml: "listing_cache_ttl_seconds: 5")
        #expect(try config.section("catalog", as: Catalog.self).ttl == 5)
    }
}
