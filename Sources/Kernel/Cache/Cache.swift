import Logging
import Synchronization

/// The kernel's cache: namespaces with O(1) invalidation over a `CacheStore`, built so that a
/// cache outage never fails a request. Nothing here throws: store errors become misses and
/// no-ops, are logged as rate-limited warnings (never with values), and open a circuit for
/// `retryInterval` during which the store is not asked at all.
///
/// Invalidation bumps a per-namespace generation counter that is part of every entry's key,
/// and every read fetches the generation from the store, so several processes sharing one
/// Redis see each other's invalidations at once. Old entries are never deleted; their TTL
/// removes them.
///
/// Lost invalidations: while the store is unreachable an `invalidate()` cannot be recorded,
/// so the first call after an outage (the circuit's probe) bumps the generation of every
/// namespace this `Cache` has handed out before anything is served again; until that succeeds
/// all calls stay misses. Every process that saw the outage does the same, so an invalidation
/// lost in any of them is covered. The price is a cold cache after each outage, which is cheap
/// next to serving stale prices or stock. What remains (a process that lost an invalidation
/// and exited before the store came back, or a Redis restored from an old snapshot) is bounded
/// by the namespace TTL.
///
/// ```swift
/// let cache = try Cache.make(url: "redis://127.0.0.1:6379/0", logger: logger)
/// let products = cache.namespace(CacheNamespace("catalog.products", ttlSeconds: 120))
/// if let bytes = await products.get("list?page=1") { return bytes }
/// await products.invalidate()
/// ```
public final class Cache: Sendable {
    /// "redis" or "memory" (or what the custom store was called).
    public let backendName: String
    let store: any CacheStore
    private let logger: Logger
    private let retryInterval: Duration
    private let warningInterval: Duration
    private let recoversInBackground: Bool
    private let circuit = Mutex(CacheCircuit())
    private let isClosed = Atomic<Bool>(false)

    /// A cache over `store`.
    /// - Parameters:
    ///   - retryInterval: how long the store is skipped after an error.
    ///   - warningInterval: at most one warning is logged per interval; the rest are counted.
    ///   - recoversInBackground: after a failure, probe the store every `retryInterval` until
    ///     it answers (see `recover`), not only when a call comes.
    public init(
        store: any CacheStore, backendName: String, logger: Logger,
        retryInterval: Duration = .seconds(1), warningInterval: Duration = .seconds(10),
        recoversInBackground: Bool = true
    ) {
        self.store = store
        self.backendName = backendName
        self.logger = logger
        self.retryInterval = retryInterval
        self.warningInterval = warningInterval
        self.recoversInBackground = recoversInBackground
    }

    /// The handle for one namespace; the namespace is remembered for the bump after an outage.
    public func namespace(_ namespace: CacheNamespace) -> NamespacedCache {
        circuit.withLock { _ = $0.namespaces.insert(namespace.name) }
        return NamespacedCache(namespace: namespace, cache: self)
    }

    /// Adds `delta` (one unless given; negative to give back) to the counter `key`, which
    /// expires `windowSeconds` after its first change, and returns the new value; nil when the
    /// store is unavailable (callers decide whether to fail open or closed).
    ///
    /// ```swift
    /// if let attempts = await cache.counter("login:\(email)", windowSeconds: 60), attempts > 5 { ... }
    /// ```
    public func counter(_ key: String, by delta: Int = 1, windowSeconds: Int) async -> Int? {
        await perform("counter") {
            try await $0.increment(CacheKeys.counter(key), by: delta, ttlSeconds: max(1, windowSeconds))
        }
    }

    /// Pings the store, also while the circuit is open (a successful ping ends the outage,
    /// including the generation bump).
    public func health() async -> CacheHealth {
        let result = await attempt("ping", force: true) { store in
            let start = ContinuousClock.now
            try await store.ping()
            return (ContinuousClock.now - start).milliseconds
        }
        switch result {
        case .success(let latency): return .ok(latencyMs: (latency * 1000).rounded() / 1000)
        case .failure(let error): return .degraded(reason: "\(error)")
        }
    }

    /// Whether the last store call failed and the cache is serving misses.
    public var isDegraded: Bool { circuit.withLock { $0.isDegraded } }

    /// Invalidates every namespace handed out so far (writes the cache was not told of may
    /// have changed anything).
    public func invalidateAll() async {
        _ = await perform("invalidate_all") { _ in try await bumpAllGenerations() }
    }

    /// Releases the store's connections.
    public func close() async {
        isClosed.store(true, ordering: .relaxed)
        await store.close()
    }

    /// Runs `body` against the store unless the circuit is open; nil on any failure.
    func perform<T>(_ operation: String, _ body: (any CacheStore) async throws -> T) async -> T? {
        try? await attempt(operation, body).get()
    }

    private func attempt<T>(
        _ operation: String, force: Bool = false, _ body: (any CacheStore) async throws -> T
    ) async -> Result<T, any Error> {
        let admission = circuit.withLock { $0.admit(now: .now, force: force) }
        do {
            switch admission {
            case .skip:
                return .failure(CacheError.unavailable("skipped while the store recovers"))
            case .proceed:
                break
            case .probe(let epoch):
                let bumped = try await bumpAllGenerations()
                if circuit.withLock({ $0.probeSucceeded(epoch: epoch) }) {
                    logger.notice(
                        "Cache store reachable again; namespace generations bumped",
                        metadata: ["cache.backend": "\(backendName)", "cache.namespaces": "\(bumped)"])
                }
            }
            return .success(try await body(store))
        } catch {
            recordFailure(operation, error)
            return .failure(error)
        }
    }

    /// Invalidates every known namespace, since invalidations may have been lost in the outage.
    private func bumpAllGenerations() async throws -> Int {
        let namespaces = circuit.withLock { $0.namespaces }
        for namespace in namespaces {
            try await store.advanceGeneration(of: namespace)
        }
        return namespaces.count
    }

    /// Probes the store every `retryInterval` until the circuit is closed again. An
    /// invalidation lost in an outage is made up by the probe (every generation bumped), and
    /// must be as soon as the store is back, whether or not this process gets another call:
    /// other processes, which may not have seen the outage (a stall shorter than their
    /// commands), would go on serving the entries this one could not invalidate.
    private func recover() async {
        while !isClosed.load(ordering: .relaxed) {
            try? await Task.sleep(for: max(retryInterval, .milliseconds(100)))
            guard !isClosed.load(ordering: .relaxed) else { return }
            _ = await attempt("recover") { try await $0.ping() }
            let recovered = circuit.withLock { circuit in
                guard !circuit.isDegraded else { return false }
                circuit.recovering = false
                return true
            }
            if recovered { return }
        }
    }

    private func recordFailure(_ operation: String, _ error: any Error) {
        let now = ContinuousClock.now
        let recovers = recoversInBackground
        let (suppressed, startRecovery) = circuit.withLock { circuit in
            circuit.failed(now: now, retryInterval: retryInterval)
            defer { circuit.recovering = circuit.recovering || recovers }
            return (circuit.warningDue(now: now, interval: warningInterval), recovers && !circuit.recovering)
        }
        if startRecovery { Task.detached { await self.recover() } }
        guard let suppressed else { return }
        logger.warning(
            "Cache store failed; serving without cache",
            metadata: [
                "cache.backend": "\(backendName)", "cache.operation": "\(operation)", "error": "\(error)",
                "cache.suppressed_warnings": "\(suppressed)",
            ])
    }
}
