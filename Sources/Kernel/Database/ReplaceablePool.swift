import PostgresNIO
import Synchronization

/// The PostgreSQL pool, replaced by a fresh one when the heartbeat finds the server
/// unreachable. PostgresNIO's pool keeps a request waiting for a connection queued until its
/// circuit breaker trips, a minute after the first failed attempt to connect, and has no way to
/// refuse the queue from outside; shutting the pool down does (`ConnectionPoolError
/// .poolShutdown`, a 503). So an outage ends the old pool — every request waiting on it, and
/// every statement in flight on a server that stopped answering, is answered 503 at once —
/// while statements from then on meet the new one (and the heartbeat's refusal until the server
/// is back).
final class ReplaceablePool: Sendable {
    private let make: @Sendable () -> PostgresClient
    private let current: Mutex<PostgresClient>
    private let replacements: AsyncStream<Void>
    private let replacing: AsyncStream<Void>.Continuation

    init(_ make: @escaping @Sendable () -> PostgresClient) {
        self.make = make
        current = Mutex(make())
        (replacements, replacing) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The pool statements lease from now.
    var client: PostgresClient { current.withLock { $0 } }

    /// Asks `run` to put a fresh pool in place of the current one and shut that one down.
    func replace() {
        replacing.yield()
    }

    /// Runs the current pool, and each that replaces it, until cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            var retire = Self.start(client, in: &group)
            for await _ in replacements {
                let fresh = make()
                let retireFresh = Self.start(fresh, in: &group)
                current.withLock { $0 = fresh }
                retire()
                retire = retireFresh
            }
            group.cancelAll()
        }
    }

    /// Runs `client` in `group` until the returned closure is called (its shutdown fails every
    /// request still waiting for one of its connections) or the group is cancelled.
    private static func start(_ client: PostgresClient, in group: inout DiscardingTaskGroup) -> @Sendable () -> Void {
        let (retired, retiring) = AsyncStream<Void>.makeStream()
        group.addTask {
            await withDiscardingTaskGroup { pool in
                pool.addTask { await client.run() }
                for await _ in retired {}
                pool.cancelAll()
            }
        }
        return { retiring.finish() }
    }
}
