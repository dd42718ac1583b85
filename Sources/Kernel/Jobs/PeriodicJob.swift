import Logging

/// Work a module wants done every so often while `ecom serve` runs: settling what requests
/// abandoned, for instance. Every instance runs every job, so a job must be safe to run in
/// several processes at once (conditional updates, leases). A run may take at most `interval`;
/// one that throws or takes longer is logged and counted (`ecom_jobs_total`); the next run
/// comes as planned.
///
/// ```swift
/// context.schedule(PeriodicJob(name: "payments.abandoned", every: .seconds(60)) {
///     try await sweep.run()
/// })
/// ```
public struct PeriodicJob: Sendable {
    /// Names the job in logs and metrics.
    public let name: String
    /// The time between the end of one run and the start of the next (each wait is shortened
    /// or lengthened by up to a tenth at random, so instances started together drift apart).
    public let interval: Duration
    let body: @Sendable () async throws -> Void

    public init(name: String, every interval: Duration, _ body: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.body = body
    }

    /// Runs the job every `interval`, the first time after one interval, until cancelled.
    func runUntilCancelled(logger: Logger) async {
        while true {
            let tenth = interval / 10
            let jitter = tenth * Double.random(in: -1...1)
            do {
                try await Task.sleep(for: interval + jitter)
            } catch {
                return
            }
            do {
                // Bounded, and ended at once when the server stops: a run stuck on an
                // unreachable database must neither pile up nor hold the shutdown.
                let body = body
                try await withTimeout(interval) { try await body() }
                AppMetrics.increment("ecom_jobs_total", [("job", name), ("outcome", "ok")])
            } catch is CancellationError {
                return
            } catch {
                AppMetrics.increment("ecom_jobs_total", [("job", name), ("outcome", "error")])
                logger.error("periodic job failed", metadata: ["job": "\(name)", "error": "\(error)"])
            }
        }
    }
}

extension BootContext {
    /// Registers `job` to run while the server runs (`Runtime.runPeriodicJobs`).
    public func schedule(_ job: PeriodicJob) {
        services.register(job, as: PeriodicJob.self)
    }
}

extension Runtime {
    /// Runs every job the modules scheduled until the calling task is cancelled (`ecom serve`
    /// runs them beside the HTTP server; `ecom rpc` and the other commands do not).
    public func runPeriodicJobs() async {
        let jobs = services.all(PeriodicJob.self)
        let logger = logger
        await withDiscardingTaskGroup { group in
            for job in jobs { group.addTask { await job.runUntilCancelled(logger: logger) } }
        }
    }
}
