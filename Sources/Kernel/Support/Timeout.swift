import NIOCore
import NIOPosix
import Synchronization

/// Thrown by `withTimeout` when the deadline passes first.
public struct TimeoutError: Error, Sendable {}

/// Runs `body`, throwing `TimeoutError` when it takes longer than `duration`.
///
/// The deadline is hard: at the deadline the caller gets `TimeoutError` and `body` is
/// cancelled, but the caller does not wait for `body` to notice. A task group would wait for
/// its children, so a body stuck in something that ignores cancellation (a driver waiting on a
/// dead server) would hold the request past its timeout. Cancelling the caller cancels `body`
/// and throws `CancellationError` at once, likewise without waiting for `body`.
///
/// `body` sees the deadline as `RequestDeadline.current`.
///
/// The deadline is removed as soon as `body` returns: on an event loop (`ecom serve`), a timer
/// of that loop; elsewhere, an entry of `DeadlineSweeper`. A racing `Task.sleep` would keep its
/// timer (and its task's memory) until the moment it would have fired: at 20,000 requests/s and
/// a 30 s timeout that is 600,000 live timers and some 500 MB of resident memory (measured with
/// `scripts/bench`).
public func withTimeout<T: Sendable>(_ duration: Duration, _ body: @escaping @Sendable () async throws -> T)
    async throws -> T
{
    let race = Race<T>()
    let deadline = RequestDeadline(after: duration)
    let earliest = RequestDeadline.current.map { $0.instant < deadline.instant ? $0 : deadline } ?? deadline
    let work = RequestDeadline.$current.withValue(earliest) { Task { race.finish(await outcome(of: body)) } }
    let expire: @Sendable () -> Void = { if race.finish(.failure(TimeoutError())) { work.cancel() } }
    let removeDeadline: () -> Void
    if let loop = MultiThreadedEventLoopGroup.currentEventLoop {
        let timer = loop.scheduleTask(in: .capped(duration), expire)
        removeDeadline = { timer.cancel() }
    } else {
        let id = DeadlineSweeper.shared.add(after: duration, expire)
        removeDeadline = { DeadlineSweeper.shared.remove(id) }
    }
    defer { removeDeadline() }
    return try await withTaskCancellationHandler {
        try await race.wait()
    } onCancel: {
        // The caller stops waiting at once (a graceful shutdown's grace ending, say), also
        // when `body` ignores its cancellation.
        race.finish(.failure(CancellationError()))
        work.cancel()
    }
}

extension TimeAmount {
    /// `duration` for NIO, capped at a day so that no setting overflows.
    public static func capped(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        guard seconds < 86_400 else { return .hours(24) }
        return .nanoseconds(max(0, seconds) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// The first of several outcomes, handed to one waiter.
private final class Race<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<T, any Error>?
    }
    private let state = Mutex(State())

    /// Records `result` unless an outcome is already known; true when it was the first.
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        let (first, waiter) = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?) in
            guard state.result == nil else { return (false, nil) }
            state.result = result
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume(with: result)
        return first
    }

    /// The first outcome, once there is one.
    func wait() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let known = state.withLock { state -> Result<T, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let known { continuation.resume(with: known) }
        }
    }
}

/// The outcome of an async throwing body.
private func outcome<T>(of body: () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}
