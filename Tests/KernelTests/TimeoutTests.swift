import Foundation
import Synchronization
import Testing

@testable import Kernel

/// `withTimeout` returns at its deadline, or at once when its caller is cancelled, also when the
/// body ignores cancellation (a driver waiting on a dead server).
@Suite struct TimeoutTests {
    /// A body that ignores cancellation and finishes only when `release` is called.
    final class Stuck: Sendable {
        private let waiters = Mutex<[CheckedContinuation<Void, Never>]>([])

        func body() async -> Int {
            await withCheckedContinuation { continuation in waiters.withLock { $0.append(continuation) } }
            return 1
        }

        /// Lets the bodies waiting (or about to wait) finish.
        func release() {
            for _ in 0..<100 {
                let waiting = waiters.withLock { list in
                    defer { list.removeAll() }
                    return list
                }
                for continuation in waiting { continuation.resume() }
                if !waiting.isEmpty { return }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    @Test func theDeadlineEndsAWaitForABodyThatIgnoresCancellation() async throws {
        let stuck = Stuck()
        let start = ContinuousClock.now
        await #expect(throws: TimeoutError.self) { try await withTimeout(.milliseconds(200)) { await stuck.body() } }
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(200) && waited < .seconds(2), "\(waited)")
        stuck.release()
    }

    /// A graceful shutdown cancels the requests still running when its grace ends: they must
    /// end then, not at their own timeout (found by a QA pass: a request stuck on a stopped
    /// PostgreSQL held the process for the whole 30 s request timeout).
    @Test func cancellingTheCallerEndsTheWaitAtOnce() async throws {
        let stuck = Stuck()
        let caller = Task { try await withTimeout(.seconds(30)) { await stuck.body() } }
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(ContinuousClock.now - start < .seconds(2))
        stuck.release()
    }

    /// The body sees its deadline (`RequestDeadline`), less the margin kept for what follows a
    /// statement; a nested call keeps the earliest deadline; outside any call there is none.
    @Test func theBodySeesItsDeadlineAndNestedCallsKeepTheEarliest() async throws {
        #expect(RequestDeadline.statementBudget() == nil)
        try await withTimeout(.seconds(10)) {
            let budget = try #require(RequestDeadline.statementBudget())
            #expect(budget > .milliseconds(8_500) && budget <= .seconds(9))
            try await withTimeout(.seconds(60)) {
                let inner = try #require(RequestDeadline.statementBudget())
                #expect(inner <= .seconds(9))
            }
            try await withTimeout(.seconds(2)) {
                let inner = try #require(RequestDeadline.statementBudget())
                #expect(inner > .milliseconds(1_100) && inner <= .milliseconds(1_600))
            }
        }
        try await withTimeout(.milliseconds(10)) { #expect(RequestDeadline.statementBudget() == nil) }
    }

    @Test func aQuickBodyAnswers() async throws {
        #expect(try await withTimeout(.seconds(5)) { 42 } == 42)
    }
}
