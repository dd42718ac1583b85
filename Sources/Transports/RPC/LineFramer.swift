/// Splits a byte stream into lines, bounding memory: a line longer than `maxLineBytes` is
/// reported as `.oversized` once and the rest of it is skipped. A pure state machine, tested
/// without I/O.
struct LineFramer {
    enum Frame: Equatable {
        case line([UInt8])
        case oversized
    }

    let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var discarding = false

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds a chunk and returns the complete frames it finishes.
    mutating func feed(_ chunk: some Collection<UInt8>) -> [Frame] {
        var frames: [Frame] = []
        for byte in chunk {
            if byte == 0x0A {
                if discarding {
                    discarding = false
                } else {
                    frames.append(.line(trimmed(buffer)))
                }
                buffer.removeAll(keepingCapacity: true)
                continue
            }
            if discarding { continue }
            buffer.append(byte)
            if buffer.count > maxLineBytes {
                frames.append(.oversized)
                buffer.removeAll(keepingCapacity: false)
                discarding = true
            }
        }
        return frames
    }

    /// The final line when the input ends without a newline.
    mutating func finish() -> [Frame] {
        defer { buffer.removeAll() }
        if discarding || buffer.isEmpty { return [] }
        return [.line(trimmed(buffer))]
    }

    private func trimmed(_ line: [UInt8]) -> [UInt8] {
        if line.last == 0x0D { return Array(line.dropLast()) }
        return line
    }
}
