import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// `ecom rpc`: JSON-RPC 2.0 over stdin/stdout, one JSON value per line each way. stdout carries
/// protocol only and is flushed after every answer. At end of input it returns after answering
/// everything read; on SIGTERM it finishes the call it is executing and stops reading.
public struct StdioRPCServer: Service {
    let processor: RPCProcessor
    let maxLineBytes: Int
    let input: Int32
    let output: Int32

    /// A server for `runtime`'s operations, optionally logged in with `token`.
    public init(runtime: Runtime, token: String?, logger: Logger, input: Int32 = 0, output: Int32 = 1) {
        self.processor = JSONRPCSession(runtime: runtime, token: token, logger: logger).processor
        self.maxLineBytes = runtime.config.http.maxBodyBytes
        self.input = input
        self.output = output
    }

    public func run() async throws {
        let (frames, continuation) = AsyncStream.makeStream(of: LineFramer.Frame.self)
        let reader = StdinReader(descriptor: input, maxLineBytes: maxLineBytes, continuation: continuation)
        reader.start()
        await withGracefulShutdownHandler {
            for await frame in frames {
                // After SIGTERM the call in progress finishes; lines still buffered are not run.
                if Task.isShuttingDownGracefully { break }
                defer { reader.consumed() }
                let response: [UInt8]?
                switch frame {
                case .line(let line): response = await processor.handle(line: line)
                case .oversized: response = RPCProcessor.oversizedResponse()
                }
                if let response { write(response + [0x0A]) }
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
    }

    private func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(output, $0.baseAddress, $0.count) }
            if written <= 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

/// Reads the input descriptor on its own thread with blocking `read(2)`: stdin may be a
/// regular file (`ecom rpc < commands.jsonl`), which event-loop pipes cannot watch. At most 64
/// frames wait in the stream: the reader blocks on a semaphore while the consumer is behind,
/// so memory stays bounded however fast input arrives.
private final class StdinReader: Sendable {
    let descriptor: Int32
    let maxLineBytes: Int
    let continuation: AsyncStream<LineFramer.Frame>.Continuation
    private let space = DispatchSemaphore(value: 64)

    init(descriptor: Int32, maxLineBytes: Int, continuation: AsyncStream<LineFramer.Frame>.Continuation) {
        self.descriptor = descriptor
        self.maxLineBytes = maxLineBytes
        self.continuation = continuation
    }

    func start() {
        let thread = Thread { [self] in self.loop() }
        thread.name = "ecom-rpc-stdin"
        thread.start()
    }

    private func loop() {
        var framer = LineFramer(maxLineBytes: maxLineBytes)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            for frame in framer.feed(chunk[0..<count]) { guard yield(frame) else { return } }
        }
        for frame in framer.finish() { guard yield(frame) else { return } }
        continuation.finish()
    }

    /// Called by the consumer after each frame, making room for the next.
    func consumed() {
        space.signal()
    }

    private func yield(_ frame: LineFramer.Frame) -> Bool {
        space.wait()
        switch continuation.yield(frame) {
        case .terminated: return false
        default: return true
        }
    }
}
