import Foundation
import Kernel
import TestSupport

/// Requests fired in a loop by a few concurrent clients until stopped, recording every status,
/// so a fault test can inject an outage mid-traffic and then count what failed.
final class Traffic: @unchecked Sendable {
    // `lock` guards `statuses` and `running`.
    private let lock = NSLock()
    private var statuses: [Int] = []
    private var running = true
    private var task: Task<Void, Never>?

    /// Starts `clients` loops, each calling `request` (with its client and iteration number)
    /// at most `limit` times.
    init(clients: Int = 4, limit: Int = 2_000, _ request: @escaping @Sendable (Int, Int) async -> Int) {
        task = Task {
            await withTaskGroup(of: Void.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        for iteration in 0..<limit where self.isRunning {
                            self.record(await request(client, iteration))
                            try? await Task.sleep(for: .milliseconds(5))
                        }
                    }
                }
            }
        }
    }

    private var isRunning: Bool { lock.withLock { running } }
    private func record(_ status: Int) { lock.withLock { statuses.append(status) } }

    /// Stops the loops and returns every status recorded.
    func stop() async -> [Int] {
        lock.withLock { running = false }
        await task?.value
        return lock.withLock { statuses }
    }

    /// Statuses recorded so far.
    var count: Int { lock.withLock { statuses.count } }
}
