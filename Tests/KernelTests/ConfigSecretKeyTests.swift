import Foundation
import Testing

@testable import Kernel

@Suite struct ConfigSecretKeyTests {
    /// A fresh directory that does not exist yet, under the system temporary directory.
    func stateDirectory() -> String {
        NSTemporaryDirectory() + "ecom-secret-\(UUID().uuidString)/var"
    }

    @Test func generatesAPrivateFileOnceAndReusesIt() throws {
        let directory = stateDirectory()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let first = try SecretKey.resolve(configured: nil, env: "dev", stateDirectory: directory)
        #expect(first.utf8.count == 64)
        #expect(first.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        let file = directory + "/secret_key"
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try SecretKey.resolve(configured: "", env: "test", stateDirectory: directory) == first)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(leftovers == ["secret_key"])
    }

    @Test func concurrentFirstRunsAgreeOnOneSecret() async throws {
        let directory = stateDirectory()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let secrets = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { try SecretKey.resolve(configured: nil, env: "dev", stateDirectory: directory) }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(secrets.count == 1)
    }

    @Test func aConfiguredSecretMustBeLongEnoughInEveryEnvironment() throws {
        let strong = String(repeating: "k", count: 32)
        #expect(try SecretKey.resolve(configured: strong, env: "production", stateDirectory: "/nonexistent") == strong)
        for env in ["dev", "production"] {
            let error = configError {
                _ = try SecretKey.resolve(
                    configured: "change_me_long_random", env: env, stateDirectory: "/nonexistent",
                    configPath: "config/production.yaml")
            }
            #expect(
                error?.description.hasPrefix("config/production.yaml: the secret key is only 21 bytes long") == true)
            #expect(error?.message.contains("at least 32 bytes") == true)
        }
    }

    @Test func productionRefusesAMissingSecret() {
        for configured in [nil, ""] as [String?] {
            let error = configError {
                _ = try SecretKey.resolve(configured: configured, env: "production", stateDirectory: stateDirectory())
            }
            #expect(error?.message.contains("set SECRET_KEY") == true)
            #expect(error?.message.contains("at least 32 bytes") == true)
        }
    }

    @Test func aTruncatedStoredSecretIsAnError() throws {
        let directory = stateDirectory()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "short\n".write(toFile: directory + "/secret_key", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory + "/secret_key")
        let error = configError { _ = try SecretKey.resolve(configured: nil, env: "dev", stateDirectory: directory) }
        #expect(error?.message.contains("delete the file") == true)
    }

    @Test func aSecretOfWhitespaceIsNoSecret() {
        let spaces = String(repeating: " ", count: 40)
        let production = configError {
            _ = try SecretKey.resolve(configured: spaces, env: "production", stateDirectory: stateDirectory())
        }
        #expect(production?.message.contains("the secret key is only whitespace and env is production") == true)
        let padded = configError {
            _ = try SecretKey.resolve(
                configured: "  short-but-padded  \n" + spaces, env: "dev", stateDirectory: stateDirectory())
        }
        #expect(padded?.message.contains("only 16 bytes long (not counting surrounding whitespace)") == true)
    }

    @Test(arguments: ["prod", "staging", "Production", "PRODUCTION"])
    func anyEnvironmentButADevelopmentOneNeedsAConfiguredSecret(env: String) {
        let error = configError {
            _ = try SecretKey.resolve(configured: nil, env: env, stateDirectory: stateDirectory())
        }
        #expect(error?.message.contains("env is \(env)") == true)
        #expect(error?.message.contains("set SECRET_KEY") == true)
    }

    @Test func aDevelopmentEnvironmentInAnyCaseGeneratesOne() throws {
        let directory = stateDirectory()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        for env in ["Dev", "TEST", "development", "local"] {
            #expect(try SecretKey.resolve(configured: nil, env: env, stateDirectory: directory).utf8.count == 64)
        }
    }

    @Test func aStoredSecretOthersCanReadIsRefused() throws {
        let directory = stateDirectory()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let secret = try SecretKey.resolve(configured: nil, env: "dev", stateDirectory: directory)
        let file = directory + "/secret_key"
        for mode in [0o644, 0o640, 0o602] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
            let error = configError {
                _ = try SecretKey.resolve(configured: nil, env: "dev", stateDirectory: directory)
            }
            #expect(error?.message.contains("is open to other users (mode 0\(String(mode, radix: 8)))") == true)
            #expect(error?.message.contains("chmod 600 \(file)") == true)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: file)
        #expect(try SecretKey.resolve(configured: nil, env: "dev", stateDirectory: directory) == secret)
    }

    @Test func aStoredSecretThatIsNotTextSaysSo() throws {
        let directory = stateDirectory()
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/secret_key"
        #expect(FileManager.default.createFile(atPath: file, contents: Data(repeating: 0xFF, count: 48)))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let error = configError { _ = try SecretKey.resolve(configured: nil, env: "dev", stateDirectory: directory) }
        #expect(error?.message.contains("is not text (not valid UTF-8); delete the file") == true)
        #expect(error?.message.contains("permissions") == false)
    }

    @Test func anUnwritableStateDirectoryIsAnError() throws {
        let error = configError {
            _ = try SecretKey.resolve(configured: nil, env: "dev", stateDirectory: "/proc/ecom-cannot-exist")
        }
        #expect(error?.message.contains("set SECRET_KEY") == true)
    }
}
