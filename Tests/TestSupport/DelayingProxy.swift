import Foundation

/// A TCP proxy on a free loopback port in front of another (a `python3` child), which holds
/// back what one client sends, from the first chunk that contains `pattern` on, for `delay`
/// seconds before passing it on: a statement that reaches the server late, as across a network
/// partition that heals or from a paused server's socket buffer. The other direction, and every
/// other connection, pass at once. It is killed when the object goes away.
public final class DelayingProxy: @unchecked Sendable {
    // Only the test that owns this object touches it.
    public let port: Int
    private let process: Process

    public init(target: Int, pattern: String, delay: Double) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, String(target), pattern, String(delay)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The script's first line is the port it listens on.
        var line = Data()
        while line.last != UInt8(ascii: "\n"), let byte = try output.fileHandleForReading.read(upToCount: 1),
            !byte.isEmpty
        {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            kill(process.processIdentifier, SIGKILL)
            throw TestSetupError("the delaying proxy did not start (python3 missing?)")
        }
        self.port = port
        self.process = process
    }

    deinit { stop() }

    /// Kills the proxy (SIGKILL: a child of a test process may inherit a blocked SIGTERM).
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// `url` (`scheme://user@host:port/path`) with this proxy's address instead of its own.
    public func url(replacingAddressOf url: String) -> String {
        guard var parts = URLComponents(string: url) else { return url }
        parts.host = "127.0.0.1"
        parts.port = port
        return parts.string ?? url
    }

    private static let script = """
        import asyncio, sys
        target, pattern, delay = int(sys.argv[1]), sys.argv[2].encode(), float(sys.argv[3])
        held = False
        async def pipe(reader, writer, holds):
            global held
            try:
                while data := await reader.read(65536):
                    if holds and not held and pattern in data:
                        held = True
                        await asyncio.sleep(delay)
                    writer.write(data)
                    await writer.drain()
            except Exception:
                pass
            finally:
                writer.close()
        async def handle(client_reader, client_writer):
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
            await asyncio.gather(pipe(client_reader, server_writer, True), pipe(server_reader, client_writer, False))
        async def main():
            server = await asyncio.start_server(handle, "127.0.0.1", 0)
            print(server.sockets[0].getsockname()[1], flush=True)
            async with server:
                await server.serve_forever()
        asyncio.run(main())
        """
}
