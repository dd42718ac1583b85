import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// `ecom rpc`: JSON-RPC 2.0 over stdin/stdout, one JSON value per line each way. stdout carries
/// protocol only; answers come out in input order, each written as soon as it and every answer
/// before it are ready, by `StdoutWriter` on a thread of its own (a slow reader of stdout holds
/// up that thread, not the calls). Consecutive reads run concurrently (up to `window` at once);
/// any other line waits for everything before it and holds back everything after it (see
/// `RPCPipeline`), so a script sees the effects of calls exactly as if they ran one at a time.
/// At end of input it returns after answering everything read; on SIGTERM the calls already
/// started finish and are answered, and lines not yet started are not run. When stdout is
/// closed by its reader, the calls already started finish, nothing more is read or run, and
/// `run()` throws `StdoutClosed` (instead of the process dying of SIGPIPE mid-call).
public struct StdioRPCServer: Service {
    /// The most calls running at once. Measured with 100,000 piped cached listings on Redis:
    /// 128 runs them in 0.82 of the time 32 takes (more commands share each flush).
    static let window = 128
    /// The most frames read but not yet answered and written: bounds memory however fast input
    /// arrives and however slowly output is read (lines of up to `http.max_body_bytes` each).
    static let readAhead = 256

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
        // A closed stdout must fail the write (EPIPE), not kill the process between a call's
        // commit and its answer.
        signal(SIGPIPE, SIG_IGN)
        let (events, continuation) = AsyncStream.makeStream(of: StdioEvent.self)
        let reader = StdinReader(
            descriptor: input, maxLineBytes: maxLineBytes, capacity: Self.readAhead, events: continuation)
        reader.start()
        let writer = StdoutWriter(descriptor: output) { frames in
            for _ in 0..<frames { reader.consumed() }
        } closed: {
            continuation.yield(.outputClosed)
        }
        writer.start()
        defer {
            continuation.finish()
            reader.stop()
        }
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var pipeline = RPCPipeline<RPCLine>(window: Self.window)
                var inputEnded = false
                var stopping = false
                for await event in events {
                    switch event {
                    case .line(let line):
                        pipeline.enqueue(line, readOnly: processor.isReadOnly(line))
                    case .inputEnded:
                        inputEnded = true
                    case .answered(let index, let answer):
                        writer.enqueue(pipeline.finish(index, answer: answer), frames: 1)
                    case .shutdown:
                        stopping = true
                    case .outputClosed:
                        stopping = true
                    }
                    // After SIGTERM the calls already started finish; lines not started are not run.
                    if stopping || Task.isShuttingDownGracefully {
                        stopping = true
                        for _ in 0..<pipeline.dropWaiting() { reader.consumed() }
                    }
                    for start in pipeline.startable() {
                        let (index, line) = (start.index, start.call)
                        group.addTask {
                            let answer = await processor.handle(line)
                            continuation.yield(.answered(index: index, answer: answer))
                        }
                    }
                    if (inputEnded || stopping) && pipeline.isIdle { break }
                }
            }
        } onGracefulShutdown: {
            continuation.yield(.shutdown)
        }
        // False when the output failed, whether or not the loop saw it.
        guard await writer.finish() else { throw StdoutClosed() }
    }
}

/// `ecom rpc`'s stdout was closed by its reader: the calls already started finished, the rest
/// of the input was not run.
public struct StdoutClosed: Error, CustomStringConvertible {
    public var description: String {
        "stdout was closed; the calls already started finished, the rest of the input was not run"
    }
}
