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
        accessTokenExpireMinutes = try c.decode(
            Int.self, forKey: .accessTokenExpireMinutes, default: accessTokenExpireMinutes, in: 1...525_600)
        refreshTokenExpireDays = try c.decode(
            Int.self, forKey: .refreshTokenExpireDays, default: refreshTokenExpireDays, in: 1...3_650)
        bcryptCost = try c.decode(Int.self, forKey: .bcryptCost, default: bcryptCost, in: 4...31)
        loginMaxFailuresPerEmail = try c.decode(
            Int.self, forKey: .loginMaxFailuresPerEmail, default: loginMaxFailuresPerEmail, in: 1...1_000_000)
        loginMaxFailuresPerClient = try c.decode(
            Int.self, forKey: .loginMaxFailuresPerClient, default: loginMaxFailuresPerClient, in: 1...1_000_000)
        loginWindowSeconds = try c.decode(
            Int.self, forKey: .loginWindowSeconds, default: loginWindowSeconds, in: 1...86_400)
    }
}
