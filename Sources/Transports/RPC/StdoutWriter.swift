import Foundation
import Synchronization

/// Writes the stdio server's answers on its own thread with blocking `write(2)`, so a consumer
/// that reads slowly stalls this thread, never a Swift concurrency thread (the server's loop
/// keeps taking answers and starting reads meanwhile). Answers queued together go out in one
/// write. `written(n)` is called once the bytes that account for `n` input frames are written,
/// which is how the reader's bound on outstanding frames also bounds what waits here.
///
/// When stdout is a pipe its buffer is raised to 1 MiB (if the system allows), so a reader
/// that takes large chunks wakes less often. When the output fails (its reader closed it:
/// EPIPE, SIGPIPE being ignored by the server) nothing more is written and `closed` is called
/// once.
final class StdoutWriter: Sendable {
    private struct Pending {
        var chunks: [[UInt8]] = []
        var frames = 0
        var finished = false
        var drained: CheckedContinuation<Bool, Never>?
    }

    let descriptor: Int32
    private let written: @Sendable (Int) -> Void
    private let closed: @Sendable () -> Void
    private let pending = Mutex(Pending())
    private let ready = DispatchSemaphore(value: 0)

    init(descriptor: Int32, written: @escaping @Sendable (Int) -> Void, closed: @escaping @Sendable () -> Void) {
        self.descriptor = descriptor
        self.written = written
        self.closed = closed
    }

    func start() {
        Self.enlargePipeBuffer(descriptor)
        let thread = Thread { [self] in self.loop() }
        thread.name = "ecom-rpc-stdout"
        thread.start()
    }

    /// Queues `answers`, one line each, and counts `frames` as answered once they are written.
    func enqueue(_ answers: [[UInt8]], frames: Int) {
        pending.withLock {
            $0.chunks.append(contentsOf: answers)
            $0.frames += frames
        }
        ready.signal()
    }

    /// Returns once everything queued before it is written, or output has failed: false then.
    func finish() async -> Bool {
        await withCheckedContinuation { continuation in
            pending.withLock {
                $0.finished = true
                $0.drained = continuation
            }
            ready.signal()
        }
    }

    private func loop() {
        var failed = false
        while true {
            ready.wait()
            let (chunks, frames, drained) = pending.withLock { state in
                defer { (state.chunks, state.frames) = ([], 0) }
                return (state.chunks, state.frames, state.finished ? state.drained : nil)
            }
            if !chunks.isEmpty, !failed, !write(chunks) {
                failed = true
                closed()
            }
            if frames > 0 { written(frames) }
            if let drained {
                drained.resume(returning: !failed)
                return
            }
        }
    }

    /// Writes `answers` as lines; false when the output is gone (nothing more is written).
    private func write(_ answers: [[UInt8]]) -> Bool {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(answers.reduce(0) { $0 + $1.count + 1 })
        for answer in answers {
            bytes.append(contentsOf: answer)
            bytes.append(0x0A)
        }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    /// `fcntl(F_SETPIPE_SZ)` (1031 on Linux, not exported to Swift) when `descriptor` is a pipe.
    private static func enlargePipeBuffer(_ descriptor: Int32) {
        #if os(Linux)
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFIFO else { return }
            _ = fcntl(descriptor, 1031, Int32(1 << 20))
        #endif
    }
}
