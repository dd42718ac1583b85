import Kernel

/// The `auth:` section of the config file. Every key is optional:
///
/// ```yaml
/// auth:
///   secret_key: "${SECRET_KEY}"          # >= 32 bytes; generated into var/ outside production
///   jwt_algorithm: HS256                 # HS256, HS384 or HS512
///   access_token_expire_minutes: 1440
///   refresh_token_expire_days: 30        # sliding: each refresh starts it again
///   bcrypt_cost: 12                      # 4...31
///   login_max_failures_per_email: 5
///   login_max_failures_per_client: 30
///   login_window_seconds: 900
/// ```
public struct AuthConfig: Decodable, Sendable {
    public var secretKey: String?
    public var jwtAlgorithm: SigningAlgorithm = .hs256
    public var accessTokenExpireMinutes = 1440
    public var refreshTokenExpireDays = 30
    public var bcryptCost = 12
    public var loginMaxFailuresPerEmail = 5
    public var loginMaxFailuresPerClient = 30
    public var loginWindowSeconds = 900

    enum CodingKeys: String, CodingKey, CaseIterable {
        case secretKey = "secret_key"
        case jwtAlgorithm = "jwt_algorithm"
        case accessTokenExpireMinutes = "access_token_expire_minutes"
        case refreshTokenExpireDays = "refresh_token_expire_days"
        case bcryptCost = "bcrypt_cost"
        case loginMaxFailuresPerEmail = "login_max_failures_per_email"
        case loginMaxFailuresPerClient = "login_max_failures_per_client"
        case loginWindowSeconds = "login_window_seconds"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        try ModuleConfigKeys.rejectUnknown(in: decoder, known: CodingKeys.allCases.map(\.rawValue), module: "auth")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        secretKey = try c.decodeIfPresent(String.self, forKey: .secretKey)
        if let name = try c.decodeIfPresent(String.self, forKey: .jwtAlgorithm) {
            guard let algorithm = SigningAlgorithm(rawValue: name.uppercased()) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .jwtAlgorithm, in: c, debugDescription: "must be HS256, HS384 or HS512, found \(name)")
            }
            jwtAlgorithm = algorithm
        }
        func int(_ key: CodingKeys, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let value = try c.decodeIfPresent(Int.self, forKey: key) else { return fallback }
            guard range.contains(value) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c,
                    debugDescription: "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
            }
            return value
        }
        accessTokenExpireMinutes = try int(.accessTokenExpireMinutes, 1440, 1...525_600)
        refreshTokenExpireDays = try int(.refreshTokenExpireDays, 30, 1...3_650)
        bcryptCost = try int(.bcryptCost, 12, 4...31)
        loginMaxFailuresPerEmail = try int(.loginMaxFailuresPerEmail, 5, 1...1_000_000)
        loginMaxFailuresPerClient = try int(.loginMaxFailuresPerClient, 30, 1...1_000_000)
        loginWindowSeconds = try int(.loginWindowSeconds, 900, 1...86_400)
    }
}
