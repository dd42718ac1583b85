import Logging
import Synchronization
import Testing

@testable import Kernel

/// `logging.format: text` writes what swift-log's `StreamLogHandler` writes, with the metadata
/// of the moment a message is logged.
@Suite struct TextLogHandlerTests {
    /// Lines written, kept for the test to read.
    final class Lines: TextOutputStream, Sendable {
        private let text = Mutex("")
        var written: String { text.withLock { $0 } }

        func write(_ string: String) {
            text.withLock { $0 += string }
        }
    }

    @Test func aLineCarriesTheMetadataSetBeforeItSortedAndTheMessage() {
        let lines = Lines()
        var logger = Logger(label: "ecom.test") { label in
            TextLogHandler(label: label) { StreamLogHandler(label: $0, stream: lines, metadataProvider: nil) }
        }
        logger[metadataKey: "request_id"] = "r-1"
        logger[metadataKey: "module"] = "orders"
        logger.info("placed", metadata: ["order_id": "7"])
        logger[metadataKey: "module"] = nil
        logger.debug("not written: below the level")
        logger.warning("second")
        let written = lines.written.split(separator: "\n").map(String.init)
        #expect(written.count == 2)
        let first = " info ecom.test: module=orders order_id=7 request_id=r-1 [KernelTests] placed"
        #expect(written.first?.hasSuffix(first) == true)
        #expect(written.last?.hasSuffix(" warning ecom.test: request_id=r-1 [KernelTests] second") == true)
    }
}
