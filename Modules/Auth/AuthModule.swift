import Kernel

/// Users, registration, login, the current user, superusers, password hashing and access
/// tokens. Registers the `Authenticator` the transports use to resolve principals, and the
/// `UserAdministration` service the `ecom users ...` commands call.
public enum AuthModule: Module {
    public typealias Config = AuthConfig

    public static let id = "auth"
    public static let dependencies: [String] = []
    public static let summary = "Accounts, registration and login, bearer and refresh tokens, superusers"
    public static let migrations = AuthMigrations.all
    public static func cacheNamespaces(_ config: AuthConfig) -> [CacheNamespace] {
        [LoginThrottle.namespace(windowSeconds: config.loginWindowSeconds)]
    }
    public static let rpcNamespaces = ["auth", "users"]

    public static func boot(_ context: BootContext, config: AuthConfig) async throws -> [AnyOperation] {
        let (secret, tokens) = try await signing(config, context.config)
        let store = UserStore(database: context.database)
        let hasher = try await PasswordHasher.make(cost: config.bcryptCost)
        let sessions = AuthSessions(
            database: context.database, lifetime: Double(config.refreshTokenExpireDays * 86_400),
            accessLifetime: Double(config.accessTokenExpireMinutes * 60))
        let signer = RefreshTokenSigner(secret: Array(secret.utf8))
        let sessionTokens = SessionTokens(tokens: tokens, signer: signer, sessions: sessions)
        let admin = UserAdministration(store: store, hasher: hasher, sessions: sessions)
        let throttle = LoginThrottle(cache: context.cache, config: config)

        context.provideAuthenticator(TokenAuthenticator(tokens: tokens, store: store))
        context.services.register(admin, as: UserAdministration.self)
        return [
            AnyOperation(Register(admin: admin)),
            AnyOperation(Login(store: store, hasher: hasher, tokens: sessionTokens, throttle: throttle)),
            AnyOperation(RefreshSession(tokens: sessionTokens)),
            AnyOperation(
                Logout(
                    tokens: tokens, revoked: RevokedTokens(database: context.database), sessions: sessions,
                    signer: signer)),
            AnyOperation(CurrentUser(store: store)),
            AnyOperation(AccountChange<PromoteUser>(admin: admin)),
            AnyOperation(AccountChange<DemoteUser>(admin: admin)),
            AnyOperation(AccountChange<DeactivateUser>(admin: admin)),
            AnyOperation(AccountChange<ActivateUser>(admin: admin)),
        ]
    }

    /// A deployment without a usable secret key stops before its database is touched.
    public static func check(_ config: AuthConfig, in kernel: AppConfig) async throws {
        _ = try await signing(config, kernel)
    }

    /// The secret key and the access tokens signed with it.
    private static func signing(_ config: AuthConfig, _ kernel: AppConfig) async throws -> (
        secret: String, tokens: TokenService
    ) {
        let secret = try SecretKey.resolve(
            configured: config.secretKey, env: kernel.env, stateDirectory: kernel.stateDirectory,
            configPath: kernel.path)
        do {
            let tokens = try await TokenService(
                secret: Array(secret.utf8), algorithm: config.jwtAlgorithm,
                lifetimeSeconds: config.accessTokenExpireMinutes * 60)
            return (secret, tokens)
        } catch let error as AuthSetupError {
            throw ConfigError(path: kernel.path, message: error.description)
        }
    }
}
