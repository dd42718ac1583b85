import Testing

@testable import Transports

@Suite("Line framer")
struct LineFramerTests {
    @Test func splitsLinesAcrossChunks() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(framer.feed(Array("ab".utf8)) == [])
        #expect(
            framer.feed(Array("c\r\nde\n\n".utf8)) == [.line(Array("abc".utf8)), .line(Array("de".utf8)), .line([])])
        #expect(framer.feed(Array("tail".utf8)) == [])
        #expect(framer.finish() == [.line(Array("tail".utf8))])
    }

    @Test func oversizedLinesAreReportedOnceAndSkipped() {
        var framer = LineFramer(maxLineBytes: 4)
        #expect(framer.feed(Array("123456789".utf8)) == [.oversized])
        #expect(framer.feed(Array("0123\nok\n".utf8)) == [.line(Array("ok".utf8))])
        #expect(framer.finish() == [])
    }
}
