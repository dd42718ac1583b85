import Foundation

/// A plain TCP connection to a local server, for tests that need byte-level control over what
/// a client sends and when (slow clients, requests in flight during a shutdown). Every call
/// blocks its thread for a bounded time; call them through `RawConnection.offload`.
public final class RawConnection: @unchecked Sendable {
    // One test thread uses a connection at a time; `descriptor` never changes after init.
    let descriptor: Int32

    /// What a read saw.
    public enum ReadResult: Sendable, Equatable {
        case data([UInt8])
        /// The server closed (or reset) the connection.
        case closed
        case timedOut
    }

    /// Connects to 127.0.0.1:`port`; throws `ConnectError` (with `errno`) when that fails.
    public init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ConnectError(code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if connected != 0 {
            let code = errno
            close(descriptor)
            throw ConnectError(code: code)
        }
    }

    deinit {
        close(descriptor)
    }

    /// A failed `connect(2)`.
    public struct ConnectError: Error, CustomStringConvertible {
        public let code: Int32
        public var refused: Bool { code == ECONNREFUSED }
        public var description: String { "connect failed: \(String(cString: strerror(code)))" }
    }

    /// Sends every byte of `text`; false when the server has closed the connection.
    @discardableResult
    public func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a closed peer is a return value here, not a SIGPIPE for the test process.
            let sent = bytes[offset...].withUnsafeBytes {
                Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Waits at most `timeout` seconds for bytes from the server.
    public func read(timeout: TimeInterval) -> ReadResult {
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pollDescriptor, 1, Int32(max(0, timeout * 1000)))
        guard ready > 0 else { return ready == 0 ? .timedOut : .closed }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? .data(Array(buffer[0..<count])) : .closed
    }

    /// Everything the server sends until it closes the connection or `timeout` seconds pass;
    /// `closed` tells which.
    public func readUntilClosed(timeout: TimeInterval) -> (bytes: [UInt8], closed: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var bytes: [UInt8] = []
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return (bytes, false) }
            switch read(timeout: left) {
            case .data(let chunk): bytes += chunk
            case .closed: return (bytes, true)
            case .timedOut: return (bytes, false)
            }
        }
    }

    /// The status code of an HTTP/1.1 response in `bytes`, nil when there is none.
    public static func status(of bytes: [UInt8]) -> Int? {
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }

    /// Runs blocking `work` on its own thread, leaving Swift concurrency's few threads free.
    public static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.start()
        }
    }
}
