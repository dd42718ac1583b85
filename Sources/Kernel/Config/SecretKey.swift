import Foundation

/// Decides the secret that signs tokens.
///
/// A configured secret must be at least 32 bytes, not counting surrounding whitespace, in every
/// environment (HS256 keys shorter than that are weak, and JWTKit asserts on them in debug
/// builds); one of only whitespace counts as none. Without one, production (any `env` but a
/// development one, see `AppConfig.isProduction(env:)`) refuses to start; development
/// environments use a random secret generated on first run and kept in
/// `<stateDirectory>/secret_key` (mode 0600), so tokens survive restarts. Like ssh with a
/// private key, a stored key that other users may read or write is refused, not used.
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
        // The key is used as given (tokens signed by the original with it stay valid), but
        // surrounding whitespace adds no strength.
        let length = configured.map { ConfigReader.trim($0).utf8.count } ?? 0
        if let configured, length > 0 {
            guard length >= minimumBytes else {
                throw ConfigError(
                    path: configPath,
                    message:
                        "the secret key is only \(length) bytes long (not counting surrounding whitespace); \(hint)")
            }
            return configured
        }
        if AppConfig.isProduction(env: env) {
            let problem =
                configured?.isEmpty == false ? "the secret key is only whitespace" : "no secret key is configured"
            throw ConfigError(
                path: configPath,
                message: "\(problem) and env is \(env), so a generated one will not do "
                    + "(only \(AppConfig.developmentEnvironments.joined(separator: ", ")) may use one); \(hint)")
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
        if let mode = SecretFile.permissions(of: file), mode & 0o077 != 0 {
            throw ConfigError(
                path: configPath,
                message: "the stored secret key \(file) is open to other users (mode 0\(String(mode, radix: 8))); "
                    + "run `chmod 600 \(file)`, or delete it to generate a new one if others may have read it "
                    + "(existing tokens become invalid)")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(
                path: configPath, message: "cannot read the stored secret key \(file); fix its permissions or delete it"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(
                path: configPath,
                message: "the stored secret key \(file) is not text (not valid UTF-8); delete the file to generate "
                    + "a new one (existing tokens become invalid)")
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
