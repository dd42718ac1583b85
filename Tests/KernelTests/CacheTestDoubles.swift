import Logging
import Synchronization

@testable import Kernel

/// A `CacheStore` over memory that throws while `failing` is set, and counts calls.
final class CacheTestFlakyStore: CacheStore {
    let inner = MemoryCacheStore()
    private let state = Mutex((failing: false, calls: 0))
    /// Every `advance`: the key and its TTL.
    private let advanced = Mutex<[Advance]>([])

    struct Advance: Equatable {
        var key: String
        var ttlSeconds: Int?
    }

    var advances: [Advance] { advanced.withLock { $0 } }

    var failing: Bool {
        get { state.withLock { $0.failing } }
        set { state.withLock { $0.failing = newValue } }
    }

    var calls: Int { state.withLock { $0.calls } }

    private func enter() throws {
        let failing = state.withLock { state in
            state.calls += 1
            return state.failing
        }
        if failing { throw CacheError.unavailable("connection refused") }
    }

    func get(_ key: String) async throws -> [UInt8]? {
        try enter()
        return try await inner.get(key)
    }

    func set(_ key: String, _ value: [UInt8], ttlSeconds: Int) async throws {
        try enter()
        try await inner.set(key, value, ttlSeconds: ttlSeconds)
    }

    func delete(_ key: String) async throws {
        try enter()
        try await inner.delete(key)
    }

    func increment(_ key: String, by delta: Int, ttlSeconds: Int?) async throws -> Int {
        try enter()
        return try await inner.increment(key, by: delta, ttlSeconds: ttlSeconds)
    }

    func advance(_ key: String, clock: String, ttlSeconds: Int?) async throws -> Int {
        try enter()
        advanced.withLock { $0.append(Advance(key: key, ttlSeconds: ttlSeconds)) }
        return try await inner.advance(key, clock: clock, ttlSeconds: ttlSeconds)
    }

    func ping() async throws { try enter() }

    func close() async {}
}

final class CacheTestLogRecords: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var text: String
    }

    private let records = Mutex<[Record]>([])
    func append(_ record: Record) { records.withLock { $0.append(record) } }
    var all: [Record] { records.withLock { $0 } }
}

struct CacheTestLogHandler: LogHandler {
    let records: CacheTestLogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        records.append(.init(level: event.level, text: "\(event.message) \(merged)"))
    }
}
