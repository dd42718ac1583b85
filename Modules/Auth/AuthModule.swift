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
    public static let cacheNamespaces = [LoginThrottle.namespace(windowSeconds: AuthConfig().loginWindowSeconds)]
    public static let rpcNamespaces = ["auth", "users"]

    public static func boot(_ context: BootContext, config: AuthConfig) async throws -> [AnyOperation] {
        let secret = try SecretKey.resolve(
            configured: config.secretKey, env: context.config.env, stateDirectory: context.config.stateDirectory,
            configPath: context.config.path)
        let tokens: TokenService
        do {
            tokens = try await TokenService(
                secret: Array(secret.utf8), algorithm: config.jwtAlgorithm,
                lifetimeSeconds: config.accessTokenExpireMinutes * 60)
        } catch let error as AuthSetupError {
            throw ConfigError(path: context.config.path, message: error.description)
        }
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
}
