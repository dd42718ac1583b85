import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Whether PostgreSQL can be reached at all, known from a connection of its own that reads the
/// server's clock every `interval` (kept as a `DatabaseClock`). While the server cannot be
/// reached (connections refused or timing out, the heartbeat unanswered for `timeout`),
/// statements fail at once with `DatabaseUnavailableError` (503) instead of waiting for a pooled
/// connection until the request timeout: PostgresNIO's pool queues them until its circuit
/// breaker trips, a minute after the first failed connection attempt; `onOutage` (which replaces
/// that pool) is called when the server stops being reachable.
///
/// A server that answers, even with an error (too many clients, a database being restarted),
/// is reachable: the pool's own connections may still serve, so nothing is refused for it.
final class PostgresHeartbeat: Sendable {
    private let configuration: PostgresConnection.Configuration
    private let interval: Duration
    private let timeout: Duration
    private let place: String
    private let logger: Logger
    /// Called when the server, reachable until now, cannot be reached.
    private let onOutage: @Sendable () -> Void
    /// Why the server cannot be reached, or nil while it can.
    private let outage = Mutex<String?>(nil)
    private let isDown = Atomic<Bool>(false)
    /// The latest reading of the server's clock.
    private let clock = Mutex<DatabaseClock?>(nil)

    init(
        configuration: PostgresConnection.Configuration, interval: Duration = .seconds(1), timeout: Duration,
        place: String, logger: Logger, onOutage: @escaping @Sendable () -> Void = {}
    ) {
        self.configuration = configuration
        self.interval = interval
        self.timeout = timeout
        self.place = place
        self.logger = logger
        self.onOutage = onOutage
    }

    /// Throws `DatabaseUnavailableError` while the server cannot be reached.
    func check() throws {
        guard isDown.load(ordering: .relaxed) else { return }
        throw DatabaseUnavailableError(reason: outage.withLock { $0 } ?? "PostgreSQL at \(place) cannot be reached")
    }

    /// The server's clock as last read, while the server can be reached and the reading is
    /// recent (at most five intervals old).
    func databaseClock() -> DatabaseClock? {
        guard !isDown.load(ordering: .relaxed), let reading = clock.withLock({ $0 }),
            reading.takenAt.duration(to: .now) <= interval * 5
        else { return nil }
        return reading
    }

    /// Beats until cancelled: connects, reads the clock every `interval`, and reconnects at once
    /// when the connection closes (a restarted server is back before anyone notices).
    func run() async {
        while !Task.isCancelled {
            let connection: PostgresConnection
            do {
                connection = try await connect()
            } catch {
                record(error)
                try? await Task.sleep(for: interval)
                continue
            }
            await beat(on: connection)
            try? await connection.close()
        }
    }

    /// A new connection within `timeout`. The attempt is not waited for past that (nor past a
    /// cancellation: a frozen server must not hold a shutdown), and a connection it makes after
    /// the caller gave up is closed, not left open.
    private func connect() async throws -> PostgresConnection {
        let handoff = Handoff()
        let configuration = self.configuration
        let logger = self.logger
        do {
            return try await withTimeout(timeout) {
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: 1, logger: logger)
                guard handoff.deliver(connection) else {
                    try? await connection.close()
                    throw CancellationError()
                }
                return connection
            }
        } catch {
            if let late = handoff.abandon() { try? await late.close() }
            throw error
        }
    }

    /// A connection made by an attempt the caller may have stopped waiting for.
    private final class Handoff: Sendable {
        private enum State {
            case waiting
            case delivered(PostgresConnection)
            case abandoned
        }
        private let state = Mutex<State>(.waiting)

        /// Hands `connection` over; false when the caller has already given up.
        func deliver(_ connection: PostgresConnection) -> Bool {
            state.withLock { state in
                if case .abandoned = state { return false }
                state = .delivered(connection)
                return true
            }
        }

        /// Gives up; returns a connection delivered just as the caller stopped waiting.
        func abandon() -> PostgresConnection? {
            state.withLock { state in
                defer { state = .abandoned }
                if case .delivered(let connection) = state { return connection }
                return nil
            }
        }
    }

    /// Reads the server's clock every `interval` until the connection fails or the task is
    /// cancelled.
    private func beat(on connection: PostgresConnection) async {
        let logger = self.logger
        while !Task.isCancelled, !connection.isClosed {
            do {
                let sent = ContinuousClock.now
                let rows = try await withTimeout(timeout) {
                    try await connection.query("SELECT clock_timestamp()", logger: logger).get()
                }
                let answered = ContinuousClock.now
                if let server = try rows.first?.decode(Date.self, context: .default) {
                    clock.withLock { $0 = DatabaseClock(server: server, sent: sent, answered: answered) }
                }
                recovered()
            } catch {
                // A closed connection says nothing yet: reconnecting tells.
                if !connection.isClosed { record(error) }
                return
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func recovered() {
        guard isDown.load(ordering: .relaxed) else { return }
        outage.withLock { $0 = nil }
        isDown.store(false, ordering: .relaxed)
        logger.warning("PostgreSQL can be reached again", metadata: ["database": "\(place)"])
    }

    /// A failed beat: an outage unless the server itself answered.
    private func record(_ error: any Error) {
        if let error = error as? PSQLError, error.serverInfo != nil { return recovered() }
        guard !Task.isCancelled else { return }
        let reason = "PostgreSQL at \(place) cannot be reached (\(error is TimeoutError ? "no answer" : "\(error)"))"
        outage.withLock { $0 = reason }
        if !isDown.exchange(true, ordering: .relaxed) {
            logger.error(
                "PostgreSQL cannot be reached; statements are refused until it can", metadata: ["database": "\(place)"])
            onOutage()
        }
    }
}
