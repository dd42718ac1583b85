/// Decides when each line of a stdio session runs, so that a piped stream behaves as if its
/// calls ran one at a time in input order while consecutive reads overlap. A read starts when
/// no write is running and fewer than `window` calls are; a write (anything not classified as
/// a read) starts only when nothing is running, and nothing after it starts until it has
/// finished. Answers are released in input order. A pure state machine, tested without I/O.
///
/// ```swift
/// var pipeline = RPCPipeline<String>(window: 2)
/// pipeline.enqueue("list", readOnly: true)
/// pipeline.enqueue("create", readOnly: false)
/// let first = pipeline.startable()             // [list]: create waits for it
/// _ = pipeline.finish(first[0].index, answer: Array("{...}".utf8))
/// let second = pipeline.startable()            // [create]
/// ```
struct RPCPipeline<Call> {
    /// A call allowed to start; `index` numbers it in input order.
    struct Start {
        let index: Int
        let call: Call
    }

    /// The most calls running at once.
    let window: Int
    private var waiting: [(call: Call, readOnly: Bool)] = []
    private var running = 0
    private var writeRunning = false
    private var started = 0
    private var nextAnswer = 0
    private var held: [Int: [UInt8]?] = [:]

    init(window: Int) {
        precondition(window > 0)
        self.window = window
    }

    /// True when no call is running or waiting.
    var isIdle: Bool { running == 0 && waiting.isEmpty }

    /// Queues a line read from the input.
    mutating func enqueue(_ call: Call, readOnly: Bool) {
        waiting.append((call, readOnly))
    }

    /// Takes the calls that may start now, in input order.
    mutating func startable() -> [Start] {
        var starts: [Start] = []
        while let next = waiting.first, !writeRunning, running < window, next.readOnly || running == 0 {
            waiting.removeFirst()
            running += 1
            writeRunning = !next.readOnly
            starts.append(Start(index: started, call: next.call))
            started += 1
        }
        return starts
    }

    /// Records the answer of call `index` (nil: nothing to write) and returns the answers that
    /// may now be written, in input order.
    mutating func finish(_ index: Int, answer: [UInt8]?) -> [[UInt8]] {
        precondition(index >= nextAnswer && index < started && held[index] == nil, "call \(index) finished twice")
        running -= 1
        writeRunning = false
        held[index] = .some(answer)
        var ready: [[UInt8]] = []
        while let answer = held.removeValue(forKey: nextAnswer) {
            nextAnswer += 1
            if let answer { ready.append(answer) }
        }
        return ready
    }

    /// Drops the lines that have not started (graceful shutdown) and returns how many.
    mutating func dropWaiting() -> Int {
        defer { waiting.removeAll() }
        return waiting.count
    }
}
