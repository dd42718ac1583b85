import Synchronization

/// Deadlines checked by one task every `resolution`, for `withTimeout` calls made off NIO's
/// event loops (`ecom rpc` runs its calls on the global executor). A NIO timer from such a
/// thread costs two event-loop wakeups, system calls, per call (scheduling and cancelling it):
/// piped JSON-RPC reads spent about a third more CPU time with one timer each. Here adding and
/// removing a deadline is a dictionary operation under a lock; a deadline fires up to one
/// `resolution` late. The sweeping task runs only while deadlines are pending.
final class DeadlineSweeper: Sendable {
    static let shared = DeadlineSweeper(resolution: .milliseconds(50))

    private struct Entry {
        var deadline: ContinuousClock.Instant
        var expire: @Sendable () -> Void
    }

    private struct State {
        var next: UInt64 = 0
        var entries: [UInt64: Entry] = [:]
        var sweeping = false
    }

    private let state = Mutex(State())
    private let resolution: Duration

    init(resolution: Duration) {
        self.resolution = resolution
    }

    /// Calls `expire` once `duration` has passed, unless `remove` is called first with the
    /// returned id.
    func add(after duration: Duration, _ expire: @escaping @Sendable () -> Void) -> UInt64 {
        let deadline = ContinuousClock.now + min(duration, .seconds(86_400))
        let (id, startSweeping) = state.withLock { state in
            state.next += 1
            state.entries[state.next] = Entry(deadline: deadline, expire: expire)
            defer { state.sweeping = true }
            return (state.next, !state.sweeping)
        }
        if startSweeping { Task.detached { await self.sweep() } }
        return id
    }

    func remove(_ id: UInt64) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    private func sweep() async {
        while true {
            try? await Task.sleep(for: resolution)
            let now = ContinuousClock.now
            let (due, stop) = state.withLock { state -> ([@Sendable () -> Void], Bool) in
                var due: [@Sendable () -> Void] = []
                for (id, entry) in state.entries where entry.deadline <= now {
                    due.append(entry.expire)
                    state.entries[id] = nil
                }
                if state.entries.isEmpty { state.sweeping = false }
                return (due, !state.sweeping)
            }
            for expire in due { expire() }
            if stop { return }
        }
    }
}
