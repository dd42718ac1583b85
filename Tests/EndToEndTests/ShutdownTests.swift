import Foundation
import Kernel
import TestSupport
import Testing

/// SIGTERM is how deployments stop a process. `ecom serve` stops accepting, lets the requests it
/// is serving finish within `http.shutdown_grace_seconds` and exits 0; `ecom rpc` answers the
/// call it is executing and exits 0. Registrations are the slow requests here: bcrypt at a cost
/// that takes a few hundred milliseconds per password.
@Suite("graceful shutdown")
struct ShutdownTests {
    static let password = "correct horse battery"

    /// One registration over its own connection, with client-side timestamps.
    struct Exchange: Sendable {
        var sent: ContinuousClock.Instant
        var done: ContinuousClock.Instant
        var status: Int?
    }

    static func register(port: Int, email: String) throws -> Exchange {
        let connection = try RawConnection(port: port)
        let body = #"{"email":"\#(email)","password":"\#(password)"}"#
        connection.send(
            "POST /auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        let sent = ContinuousClock.now
        let answer = connection.readUntilClosed(timeout: 30)
        return Exchange(sent: sent, done: .now, status: RawConnection.status(of: answer.bytes))
    }

    static func serve(bcryptCost: Int, grace: Int) async throws -> (ServerProcess, URL) {
        let (path, directory) = try EcomProcess.writeConfig(
            EcomProcess.config(
                databaseURL: "sqlite:$DIR/var/ecom.sqlite", bcryptCost: bcryptCost,
                http: "{ shutdown_grace_seconds: \(grace) }"))
        return (try await ServerProcess(config: path), directory)
    }

    @Test func sigtermDuringLoadFinishesInFlightRequestsRefusesNewOnesAndExitsZero() async throws {
        // Generous: the work below takes a few seconds even on a machine busy with other things.
        let grace = 15
        let (server, directory) = try await Self.serve(bcryptCost: 12, grace: grace)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = server.port
        // An idle keep-alive connection must not hold the shutdown up.
        let idle = try RawConnection(port: port)
        idle.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        guard case .data(let first) = try await RawConnection.offload({ idle.read(timeout: 10) }) else {
            Issue.record("no answer on the keep-alive connection")
            return
        }
        #expect(RawConnection.status(of: first) == 200)

        // Well over a second of hashing on two cores (bcrypt cost 12, ~0.25 s each), signalled
        // after half a second, so some are still being served whatever the machine's speed.
        let inFlight = (0..<12).map { index in
            Task {
                try await RawConnection.offload { try Self.register(port: port, email: "load-\(index)@example.com") }
            }
        }
        try await Task.sleep(for: .milliseconds(500))
        let signalled = ContinuousClock.now
        async let exitStatus = server.stop(signal: SIGTERM, timeout: 30)
        try await Task.sleep(for: .milliseconds(150))
        // The listener is closed while the requests above are still being served.
        let refused: Bool
        do {
            _ = try RawConnection(port: port)
            refused = false
        } catch let error as RawConnection.ConnectError {
            refused = error.refused
        }
        let probed = ContinuousClock.now
        #expect(refused, "a new connection was accepted after SIGTERM")
        let idleClosed = try await RawConnection.offload { idle.readUntilClosed(timeout: 5).closed }
        #expect(idleClosed, "the idle keep-alive connection stayed open after SIGTERM")

        var exchanges: [Exchange] = []
        for task in inFlight { exchanges.append(try await task.value) }
        #expect(try await exitStatus == 0)
        let exited = ContinuousClock.now - signalled
        #expect(exited < .seconds(grace), "exited \(exited) after SIGTERM")
        #expect(exchanges.allSatisfy { $0.sent < signalled })
        #expect(exchanges.allSatisfy { $0.status == 201 }, "\(exchanges.map(\.status))")
        // Some were still being served when the new connection was refused.
        #expect(exchanges.contains { $0.done > probed }, "no request was in flight at SIGTERM; the test proves nothing")
    }

    @Test func requestsSlowerThanTheGracePeriodDoNotKeepTheServerAlive() async throws {
        let grace = 1
        let (server, directory) = try await Self.serve(bcryptCost: 12, grace: grace)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = server.port
        // About five seconds of hashing on two cores: more than the grace period.
        let inFlight = (0..<16).map { index in
            Task {
                try await RawConnection.offload { try Self.register(port: port, email: "slow-\(index)@example.com") }
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        let signalled = ContinuousClock.now
        let status = try await server.stop(signal: SIGTERM, timeout: 30)
        let exited = ContinuousClock.now - signalled
        for task in inFlight { _ = try? await task.value }
        #expect(status == 0)
        // The grace period, plus the time cancelled work takes to unwind.
        #expect(exited < .seconds(grace) + .seconds(3), "exited \(exited) after SIGTERM with \(grace) s grace")
    }

    @Test func rpcAnswersTheCallItIsExecutingThenExitsZero() async throws {
        let (path, directory) = try EcomProcess.writeConfig(
            EcomProcess.config(databaseURL: "sqlite:$DIR/var/ecom.sqlite", bcryptCost: 14))
        defer { try? FileManager.default.removeItem(at: directory) }
        let rpc = try EcomChild(["rpc", "--config", path])
        try rpc.write(#"{"jsonrpc":"2.0","method":"system.info","id":1}"# + "\n")
        #expect(try await EcomChild.eventually(timeout: 60) { rpc.stdout.contains(#""id":1"#) }, "\(rpc.stderr)")
        // Input stays open throughout: the process ends because of the signal, not end of input.
        try rpc.write(
            #"{"jsonrpc":"2.0","method":"auth.register","params":{"email":"slow@example.com","password":"\#(Self.password)"},"id":2}"#
                + "\n" + #"{"jsonrpc":"2.0","method":"system.info","id":3}"# + "\n")
        try await Task.sleep(for: .milliseconds(300))
        #expect(!rpc.stdout.contains(#""id":2"#), "the call finished before SIGTERM; the test proves nothing")
        rpc.send(SIGTERM)
        #expect(try await rpc.wait(timeout: 30) == 0, "\(rpc.stderr)")
        let lines = rpc.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(lines.count == 2, "\(rpc.stdout)")
        #expect(lines.last??["result"]?["email"] == "slow@example.com", "\(rpc.stdout)")
        // The line read after the executing call was not started.
        #expect(!rpc.stdout.contains(#""id":3"#))
        let users = try await SQLProbe.rows(
            "sqlite:\(directory.path)/var/ecom.sqlite", "SELECT email FROM users WHERE email = 'slow@example.com'")
        #expect(users == [["slow@example.com"]])
    }
}
