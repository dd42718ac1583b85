import Hummingbird
import Kernel
import NIOCore
import Synchronization

/// The request timeout (`http.request_timeout_seconds`): the handler runs in its own task,
/// which is cancelled when the deadline passes; the call then ends in a 503, once the handler
/// has returned, as with the kernel's `withTimeout` (whose `TimeoutError` maps to the same 503).
///
/// The deadline is a timer on a NIO event loop, removed as soon as the handler returns.
/// `withTimeout` races a `Task.sleep` instead, and a cancelled sleep keeps its timer (and its
/// task's memory) until the moment it would have fired: at 20,000 requests/s and a 30 s
/// timeout that is 600,000 live timers, some 500 MB of resident memory, and a dispatch timer
/// heap of that size to maintain (`scripts/bench`, VmRSS growing ~800 bytes per request until
/// 30 s in; with a 3 s timeout it levelled off at a tenth of that).
enum RequestDeadline {
    static func run<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        let expired = ExpiryFlag()
        let task = Task { try await body() }
        let timer = EventLoopGroupProvider.singleton.eventLoopGroup.any().scheduleTask(in: timeAmount(timeout)) {
            expired.set()
            task.cancel()
        }
        defer { timer.cancel() }
        let value: T
        do {
            value = try await withTaskCancellationHandler {
                try await task.value
            } onCancel: {
                task.cancel()
            }
        } catch {
            throw expired.isSet ? AppError.unavailable : error
        }
        if expired.isSet { throw AppError.unavailable }
        return value
    }

    /// `duration` for NIO, capped at a day.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        guard seconds < 86_400 else { return .hours(24) }
        return .nanoseconds(max(0, seconds) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// Set once by the timer, read by the request.
private final class ExpiryFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}
