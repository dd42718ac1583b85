import Metrics
import Prometheus

/// The process's metrics backend: swift-metrics (`Counter`, `Timer`, `Meter`) reported into one
/// Prometheus registry that `GET /metrics` renders.
///
/// `MetricsSystem.bootstrap` may run only once per process, yet tests boot many runtimes in one
/// process. So the registry is a lazily initialised `static let`: Swift runs that initialiser
/// exactly once, thread-safely, and it is the only place that bootstraps. `bootstrap()` can then
/// be called by every `Runtime.run` without harm. Runtimes in one process share the registry,
/// which is what one scrape endpoint per process means; tests assert on deltas or unique labels.
/// Handlers are made at the call site (`Counter(label:dimensions:)` looks the series up in the
/// registry), never cached in globals, so nothing can bind to the no-op backend before bootstrap.
public enum AppMetrics {
    /// The registry every swift-metrics handler of this process reports into.
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Installs the Prometheus backend if no runtime has yet; idempotent.
    public static func bootstrap() {
        _ = registry
    }

    /// Every metric in the Prometheus text exposition format (version 0.0.4).
    public static func render() -> [UInt8] {
        bootstrap()
        return registry.emitToBuffer()
    }

    /// The `Content-Type` of `render()`'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}

extension AppMetrics {
    /// Counts one occurrence of a business event in the counter `label` (e.g.
    /// `ecom_orders_created_total`), so modules report metrics without depending on
    /// swift-metrics themselves. Keep `dimensions` to a small fixed set of values.
    public static func increment(_ label: String, _ dimensions: [(String, String)] = []) {
        Counter(label: label, dimensions: dimensions).increment()
    }
}

extension AppMetrics {
    /// `ecom_cache_near_hits_total`, counted on the hot path of every near-cache hit: made once.
    static let nearCacheHits = counter("ecom_cache_near_hits_total")
    /// `ecom_cache_redis_reads_joined_total` (`RedisConnection.execute`): made once.
    static let redisReadsJoined = counter("ecom_cache_redis_reads_joined_total")

    private static func counter(_ label: String) -> Metrics.Counter {
        bootstrap()
        return Metrics.Counter(label: label)
    }
}
