import Logging
import Synchronization
import Testing

@testable import Kernel

@Suite("Periodic jobs")
struct PeriodicJobTests {
    /// A job runs again and again, a run that throws does not stop it, and cancelling the task
    /// that runs it ends it.
    @Test(.timeLimit(.minutes(1))) func runsRepeatedlyThroughFailuresUntilCancelled() async throws {
        let runs = Mutex(0)
        let job = PeriodicJob(name: "test", every: .milliseconds(5)) {
            let run = runs.withLock { count in
                count += 1
                return count
            }
            if run == 1 { throw Failure() }
        }
        let task = Task { await job.runUntilCancelled(logger: Logger(label: "test")) }
        for _ in 0..<400 where runs.withLock({ $0 }) < 4 {
            try await Task.sleep(for: .milliseconds(5))
        }
        task.cancel()
        await task.value
        let total = runs.withLock { $0 }
        #expect(total >= 4)
        try await Task.sleep(for: .milliseconds(50))
        #expect(runs.withLock { $0 } == total)
    }

    /// A run stuck in something that ignores cancellation (a lease from a pool whose database
    /// stopped answering) neither holds the server's shutdown nor blocks the next runs.
    @Test(.timeLimit(.minutes(1))) func aStuckRunNeitherHoldsCancellationNorTheNextRuns() async throws {
        let runs = Mutex(0)
        let stuck = TimeoutTests.Stuck()
        let job = PeriodicJob(name: "stuck", every: .milliseconds(100)) {
            runs.withLock { $0 += 1 }
            _ = await stuck.body()
        }
        let task = Task { await job.runUntilCancelled(logger: Logger(label: "test")) }
        for _ in 0..<100 where runs.withLock({ $0 }) < 2 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(runs.withLock { $0 } >= 2, "a stuck run held the next one")
        let start = ContinuousClock.now
        task.cancel()
        await task.value
        #expect(ContinuousClock.now - start < .seconds(1))
        stuck.release()
    }

    struct Failure: Error {}
}
