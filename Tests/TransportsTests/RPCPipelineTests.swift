import Testing

@testable import Transports

@Suite("JSON-RPC pipeline")
struct RPCPipelineTests {
    static func answer(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func readsOverlapUpToTheWindowAndAnswerInInputOrder() {
        var pipeline = RPCPipeline<String>(window: 2)
        for name in ["a", "b", "c"] { pipeline.enqueue(name, readOnly: true) }
        let first = pipeline.startable()
        #expect(first.map(\.call) == ["a", "b"])
        #expect(first.map(\.index) == [0, 1])
        #expect(pipeline.startable().isEmpty, "the window is full")
        #expect(pipeline.finish(1, answer: Self.answer("b")).isEmpty, "b must wait for a")
        #expect(pipeline.startable().map(\.call) == ["c"])
        #expect(pipeline.finish(0, answer: Self.answer("a")) == [Self.answer("a"), Self.answer("b")])
        #expect(!pipeline.isIdle)
        #expect(pipeline.finish(2, answer: Self.answer("c")) == [Self.answer("c")])
        #expect(pipeline.isIdle)
    }

    @Test func aWriteWaitsForEverythingBeforeItAndHoldsBackEverythingAfter() {
        var pipeline = RPCPipeline<String>(window: 8)
        pipeline.enqueue("read1", readOnly: true)
        pipeline.enqueue("read2", readOnly: true)
        pipeline.enqueue("write", readOnly: false)
        pipeline.enqueue("read3", readOnly: true)
        #expect(pipeline.startable().map(\.call) == ["read1", "read2"])
        _ = pipeline.finish(0, answer: nil)
        #expect(pipeline.startable().isEmpty, "read2 is still running")
        _ = pipeline.finish(1, answer: nil)
        #expect(pipeline.startable().map(\.call) == ["write"])
        #expect(pipeline.startable().isEmpty, "nothing starts while the write runs")
        _ = pipeline.finish(2, answer: nil)
        #expect(pipeline.startable().map(\.call) == ["read3"])
    }

    @Test func consecutiveWritesRunOneAtATime() {
        var pipeline = RPCPipeline<Int>(window: 8)
        for number in 0..<3 { pipeline.enqueue(number, readOnly: false) }
        for number in 0..<3 {
            #expect(pipeline.startable().map(\.call) == [number])
            #expect(pipeline.startable().isEmpty)
            _ = pipeline.finish(number, answer: nil)
        }
        #expect(pipeline.isIdle)
    }

    @Test func linesWithoutAnswersAreSkippedWithoutStallingLaterAnswers() {
        var pipeline = RPCPipeline<Int>(window: 4)
        for number in 0..<3 { pipeline.enqueue(number, readOnly: true) }
        _ = pipeline.startable()
        #expect(pipeline.finish(2, answer: Self.answer("c")).isEmpty)
        #expect(pipeline.finish(0, answer: nil).isEmpty, "1 has not answered yet")
        #expect(pipeline.finish(1, answer: nil) == [Self.answer("c")])
    }

    @Test func droppingWaitingLinesLetsRunningCallsFinish() {
        var pipeline = RPCPipeline<Int>(window: 1)
        for number in 0..<4 { pipeline.enqueue(number, readOnly: true) }
        #expect(pipeline.startable().map(\.call) == [0])
        #expect(pipeline.dropWaiting() == 3)
        #expect(!pipeline.isIdle)
        #expect(pipeline.finish(0, answer: Self.answer("0")) == [Self.answer("0")])
        #expect(pipeline.startable().isEmpty)
        #expect(pipeline.isIdle)
    }
}
