import Kernel

/// One input line, parsed once: the stdio server classifies it (`RPCProcessor.isReadOnly`) to
/// schedule it, then the processor answers it without parsing it again.
struct RPCLine: Sendable {
    enum Content: Sendable {
        /// Only whitespace: nothing is answered.
        case blank
        /// Not JSON: answered with a parse error.
        case malformed
        /// Longer than the size limit (see `LineFramer`).
        case oversized
        case value(JSONValue)
    }

    let content: Content

    init(content: Content) {
        self.content = content
    }

    init(_ bytes: [UInt8]) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            self.init(content: .blank)
        } else if let value = try? JSONParser.parse(bytes) {
            self.init(content: .value(value))
        } else {
            self.init(content: .malformed)
        }
    }

    init(_ frame: LineFramer.Frame) {
        switch frame {
        case .line(let bytes): self.init(bytes)
        case .oversized: self.init(content: .oversized)
        }
    }
}

extension RPCProcessor {
    /// Whether `line` is a single call that only reads, so the stdio server may run it alongside
    /// neighbouring reads: a request object whose method is `rpc.discover` or an operation bound
    /// to HTTP GET. Everything else (writes, batches, unknown methods, lines that do not parse)
    /// is treated as a write.
    func isReadOnly(_ line: RPCLine) -> Bool {
        guard case .value(.object(let request)) = line.content, case .string(let method)? = request["method"] else {
            return false
        }
        return method == "rpc.discover" || table.operation(method: method)?.http.method == .get
    }
}
