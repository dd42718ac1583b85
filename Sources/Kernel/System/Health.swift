import Foundation

/// `GET /healthz` — real checks of the database and the cache: 200 while the database answers
/// (status `degraded` when only the cache is down), 503 when it does not.
struct Health: Operation {
    static let method = "system.health"
    static let http = HTTPBinding(.get, "/healthz", alsoAnswers: [503])
    static let access = Access.public
    static let summary = "Health of the service and its database and cache"

    let check: HealthCheck

    func callAsFunction(_ input: NoInput, _ context: OperationContext) async throws -> HealthReport {
        await check.run()
    }
}

/// The checks behind `/healthz`, each bounded by a timeout so a hung dependency cannot hang it.
struct HealthCheck: Sendable {
    let database: any Database
    let cache: Cache
    let env: String

    func run() async -> HealthReport {
        let start = ContinuousClock.now
        let database = self.database
        async let dbOK: Bool = (try? await withTimeout(.seconds(2)) { try await database.ping() }) != nil
        async let cacheHealth = cache.health()
        let (db, cacheState) = await (dbOK, cacheHealth)
        let millis = (ContinuousClock.now - start).milliseconds
        let cacheOK = cacheState.isOK
        let status = !db ? "error" : (cacheOK ? "ok" : "degraded")
        let cacheCheck = cacheOK ? "ok" : "error"
        return HealthReport(
            status: status, env: env, latencyMS: (millis * 100).rounded() / 100,
            services: .init(
                db: db ? "ok" : "error", redis: cache.backendName == "redis" ? cacheCheck : nil, cache: cacheCheck))
    }
}

/// The `/healthz` document.
struct HealthReport: Encodable, OperationOutput {
    var status: String
    var env: String
    var latencyMS: Double
    var services: Services

    /// `db` and `redis` as the original named them (`redis` null unless the cache is Redis),
    /// and `cache`, whatever the cache is.
    struct Services: Encodable {
        var db: String
        var redis: String?
        var cache: String
    }

    enum CodingKeys: String, CodingKey {
        case status, env
        case latencyMS = "latency_ms"
        case services
    }

    var statusOverride: Int? { status == "error" ? 503 : nil }
}

extension HealthReport: SchemaExample {
    static var schemaExample: HealthReport {
        HealthReport(status: "ok", env: "dev", latencyMS: 1.25, services: .init(db: "ok", redis: "ok", cache: "ok"))
    }
}
