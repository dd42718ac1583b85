import Foundation

/// Decides the secret that signs tokens.
///
/// A configured secret must be at least 32 bytes in every environment (HS256 keys shorter
/// than that are weak, and JWTKit asserts on them in debug builds). Without one, production
/// refuses to start; other environments use a random secret generated on first run and kept
/// in `<stateDirectory>/secret_key` (mode 0600), so tokens survive restarts.
///
/// ```swift
/// let secret = try SecretKey.resolve(
///     configured: auth.secretKey, env: config.env, stateDirectory: config.stateDirectory, configPath: config.path)
/// ```
public enum SecretKey {
    /// The least number of bytes a secret may have.
    public static let minimumBytes = 32

    /// The secret to use; see the type's documentation for the rules.
    public static func resolve(
        configured: String?, env: String, stateDirectory: String, configPath: String = "config"
    ) throws(ConfigError) -> String {
        let hint =
            "set SECRET_KEY (or auth.secret_key) to a random string of at least \(minimumBytes) bytes, "
            + "e.g. the output of `openssl rand -base64 48`"
        if let configured, !configured.isEmpty {
            guard configured.utf8.count >= minimumBytes else {
                throw ConfigError(
                    path: configPath,
                    message: "the secret key is only \(configured.utf8.count) bytes long; \(hint)")
            }
            return configured
        }
        if env == "production" {
            throw ConfigError(path: configPath, message: "no secret key is configured and env is production; \(hint)")
        }
        return try stored(in: stateDirectory, configPath: configPath)
    }

    /// Reads `<directory>/secret_key`, creating it first when absent.
    static func stored(in directory: String, configPath: String) throws(ConfigError) -> String {
        let file = (directory as NSString).appendingPathComponent("secret_key")
        if let existing = try read(file, configPath: configPath) { return existing }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(
                path: configPath,
                message: "cannot create the state directory \(directory) for the generated secret key "
                    + "(\(error.localizedDescription)); make it writable, change state_directory, or set SECRET_KEY")
        }
        let secret = generate()
        if let failure = SecretFile.createExclusively(file, contents: secret) {
            throw ConfigError(
                path: configPath,
                message: "cannot write the generated secret key to \(file) (\(failure)); make the directory "
                    + "writable or set SECRET_KEY")
        }
        // Another process may have created the file first; its secret wins, so read it back.
        return try read(file, configPath: configPath) ?? secret
    }

    /// 48 random bytes from the system generator, base64url-encoded without padding.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<48).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    private static func read(_ file: String, configPath: String) throws(ConfigError) -> String? {
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            throw ConfigError(
                path: configPath, message: "cannot read the stored secret key \(file); fix its permissions or delete it"
            )
        }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard secret.utf8.count >= minimumBytes else {
            throw ConfigError(
                path: configPath,
                message: "the stored secret key \(file) is shorter than \(minimumBytes) bytes; delete the file "
                    + "to generate a new one (existing tokens become invalid)")
        }
        return secret
    }
}
