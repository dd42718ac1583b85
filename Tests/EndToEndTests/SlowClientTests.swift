import Foundation
import Kernel
import TestSupport
import Testing

/// Clients that hold a connection without completing a request — silent, trickling headers
/// (slowloris) or trickling a body — are cut off after `http.read_timeout_seconds`, while the
/// server keeps answering everyone else.
@Suite("slow clients")
struct SlowClientTests {
    static let readTimeout = 1.0
    /// How long any slow client may keep its connection: well past the read timeout (scheduling
    /// on a busy machine) but far below what a client trickling for ever would get.
    static let bound: Duration = .seconds(5)

    /// What happened to one slow client.
    struct Fate: Sendable {
        var closedAfter: Duration?
        var received: [UInt8]
        var status: Int? { RawConnection.status(of: received) }
    }

    /// Sends `head` at once, then one byte of `trickle` every 100 ms (for at most 15 s),
    /// watching for the server to answer and close.
    static func trickle(port: Int, head: String, trickle: String) throws -> Fate {
        let connection = try RawConnection(port: port)
        let start = ContinuousClock.now
        var received: [UInt8] = []
        if !head.isEmpty { connection.send(head) }
        var bytes = Array(trickle.utf8)[...]
        while ContinuousClock.now - start < .seconds(15) {
            if let byte = bytes.popFirst() {
                guard connection.send(String(decoding: [byte], as: UTF8.self)) else {
                    return Fate(closedAfter: .now - start, received: received)
                }
            }
            switch connection.read(timeout: 0.1) {
            case .data(let chunk): received += chunk
            case .closed: return Fate(closedAfter: .now - start, received: received)
            case .timedOut: break
            }
        }
        return Fate(closedAfter: nil, received: received)
    }

    /// `ecom serve` on a new SQLite file with a read timeout of `readTimeout`, and its directory.
    static func server() async throws -> (ServerProcess, URL) {
        let (path, directory) = try EcomProcess.writeConfig(
            EcomProcess.config(
                databaseURL: "sqlite:$DIR/var/ecom.sqlite", http: "{ read_timeout_seconds: \(Self.readTimeout) }"))
        return (try await ServerProcess(config: path), directory)
    }

    @Test func idleAndTricklingClientsAreCutOffWhileOthersAreServed() async throws {
        let (server, directory) = try await Self.server()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = server.port
        let longBody = String(repeating: " ", count: 200)
        async let idle = RawConnection.offload { try Self.trickle(port: port, head: "", trickle: "") }
        async let slowHeaders = RawConnection.offload {
            try Self.trickle(
                port: port, head: "GET /healthz HTTP/1.1\r\n", trickle: "Host: 127.0.0.1\r\nX-Padding: " + longBody)
        }
        // A complete JSON object at once, then trailing spaces the Content-Length still owes.
        let registration = #"{"email":"slow@example.com","password":"correct horse battery"}"#
        async let slowBody = RawConnection.offload {
            try Self.trickle(
                port: port,
                head: "POST /auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(registration.utf8.count + longBody.utf8.count)\r\n\r\n\(registration)",
                trickle: longBody)
        }
        // Answered at once without its body being read, then drained: the trickle must not
        // keep the connection either.
        async let slowBodyUnread = RawConnection.offload {
            try Self.trickle(
                port: port, head: "POST /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 200\r\n\r\n",
                trickle: longBody)
        }
        // Everyone else meanwhile (the slow ones stay connected for about a second): quick reads
        // and a write with a body, all answered, none kept waiting.
        var slowest = Duration.zero
        var statuses: [Int] = []
        for index in 0..<20 {
            let start = ContinuousClock.now
            let answer =
                index.isMultiple(of: 5)
                ? try await server.call(
                    "POST", "/auth/register",
                    json: ["email": .string("quick-\(index)@example.com"), "password": "correct horse battery"])
                : try await server.call("GET", "/healthz")
            slowest = max(slowest, .now - start)
            statuses.append(answer.status)
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(statuses.allSatisfy { $0 == 200 || $0 == 201 }, "\(statuses)")
        #expect(slowest < Self.bound, "a normal request took \(slowest) while slow clients were connected")

        let fates = try await [
            ("idle", idle), ("slow headers", slowHeaders), ("slow body", slowBody),
            ("slow unread body", slowBodyUnread),
        ]
        for (name, fate) in fates {
            let closedAfter = try #require(fate.closedAfter, "\(name): still connected after 15 s")
            #expect(closedAfter < Self.bound, "\(name): disconnected only after \(closedAfter)")
            #expect(closedAfter >= .seconds(Self.readTimeout / 2), "\(name): disconnected after \(closedAfter)")
        }
        #expect(fates[0].1.received.isEmpty && fates[1].1.received.isEmpty)
        #expect(fates[2].1.status == 408, "\(String(decoding: fates[2].1.received, as: UTF8.self))")
        #expect(fates[3].1.status == 404)
        // The registration cut off mid-body never ran, although its JSON was complete.
        let users = try await SQLProbe.rows(
            "sqlite:\(directory.path)/var/ecom.sqlite", "SELECT email FROM users WHERE email = 'slow@example.com'")
        #expect(users.isEmpty)
        #expect(try await server.stop() == 0)
    }

    /// A body cut off by the read timeout in the middle is answered 408 or, when the end of the
    /// connection overtakes the timeout's own error, ends the call quietly: never a 500 in the
    /// log and the metrics (found by a QA pass: 4 of 10 tries, with the head and the start of
    /// the body in one write, logged "unexpected error" and a 500).
    @Test func aBodyCutOffIsNeverA500() async throws {
        let (server, directory) = try await Self.server()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = server.port
        let statuses = try await withThrowingTaskGroup(of: Int?.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    try await RawConnection.offload {
                        let connection = try RawConnection(port: port)
                        _ = connection.send(
                            "POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 100\r\n\r\n{")
                        return RawConnection.status(of: connection.readUntilClosed(timeout: 10).bytes)
                    }
                }
            }
            return try await group.reduce(into: [Int?]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == nil || $0 == 408 }, "\(statuses)")
        let metrics = try await server.request("GET", "/metrics").body
        #expect(!metrics.contains("status=\"500\""), "\(metrics)")
        #expect(try await server.stop() == 0)
        #expect(!server.logs().contains("unexpected error"))
    }
}
