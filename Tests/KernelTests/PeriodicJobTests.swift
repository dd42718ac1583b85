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

    struct Failure: Error {}
}
