import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// SQLite in WAL mode: a few reader connections for single statements and one writer connection
/// for transactions. Write transactions are serialised in-process by an async lock (so they
/// never spin in SQLite's busy handler) and across processes by `BEGIN IMMEDIATE`.
///
/// A `:memory:` database has one connection and every statement takes the lock, because each
/// SQLite connection would otherwise see its own empty database.
public final class SQLiteDatabase: Database {
    public let kind = DatabaseKind.sqlite
    private let threadPool: NIOThreadPool
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let writeLock = AsyncLock()
    private let next = Atomic<Int>(0)
    private let inMemory: Bool
    public var sql: any SQLDatabase {
        RoutedSQLiteSQL(database: self)
    }

    /// Opens `path` (a file path or `:memory:`), creating the file and its directory.
    public static func open(path: String, readers readerCount: Int = 3, logger: Logger) async throws -> SQLiteDatabase {
        let inMemory = path == ":memory:"
        if !inMemory {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let count = inMemory ? 1 : max(1, readerCount) + 1
        // One thread per connection plus one, so a connection waiting in SQLite can never starve
        // the connection it waits for.
        let threadPool = NIOThreadPool(numberOfThreads: count + 1)
        threadPool.start()
        let storage: SQLiteConnection.Storage = inMemory ? .memory : .file(path: path)
        var connections: [SQLiteConnection] = []
        do {
            for index in 0..<count {
                let connection = try await SQLiteConnection.open(
                    storage: storage, threadPool: threadPool, logger: logger,
                    on: MultiThreadedEventLoopGroup.singleton.any())
                connections.append(connection)
                let sql = connection.sql(queryLogLevel: nil)
                try await sql.raw("PRAGMA busy_timeout = 10000").run()
                if index == 0, !inMemory { try await switchToWAL(sql) }
                try await sql.raw("PRAGMA foreign_keys = ON").run()
                try await sql.raw("PRAGMA synchronous = NORMAL").run()
            }
        } catch {
            // A connection must be closed before it is released (SQLiteNIO asserts it).
            for connection in connections { try? await connection.close() }
            try? await threadPool.shutdownGracefully()
            throw error
        }
        return SQLiteDatabase(
            threadPool: threadPool, writer: connections[0],
            readers: connections.count > 1 ? Array(connections.dropFirst()) : connections, inMemory: inMemory)
    }

    /// `PRAGMA journal_mode = WAL`, retried while another process opening the same new file
    /// (two `ecom migrate` at once) is switching it too: both hold a shared lock and want an
    /// exclusive one, so SQLite answers one of them SQLITE_BUSY at once, without waiting in the
    /// busy handler. Once either has switched, the file stays in WAL mode.
    private static func switchToWAL(_ sql: any SQLDatabase) async throws {
        for attempt in 1... {
            do {
                try await sql.raw("PRAGMA journal_mode = WAL").run()
                return
            } catch let error as SQLiteError where error.reason == .busy && attempt < 100 {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    private init(threadPool: NIOThreadPool, writer: SQLiteConnection, readers: [SQLiteConnection], inMemory: Bool) {
        self.threadPool = threadPool
        self.writer = writer
        self.readers = readers
        self.inMemory = inMemory
    }

    public func run() async {}

    public func shutdown() async {
        let all = inMemory ? [writer] : readers + [writer]
        for connection in all {
            try? await connection.close()
        }
        try? await threadPool.shutdownGracefully()
    }

    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await DatabaseMetrics.track(.connection) {
            try await writeLock.withLock { try await body(writer.sql(queryLogLevel: nil)) }
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        // BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails to
        // upgrade from reading to writing halfway through.
        try await DatabaseMetrics.track(.transaction) {
            try await writeLock.withLock {
                try await writer.sql(queryLogLevel: nil).inTransaction(begin: "BEGIN IMMEDIATE", body)
            }
        }
    }

    /// `PRAGMA data_version` of the writer connection: it changes when any other connection
    /// commits — another process (`ecom rpc`, `ecom seed-demo`, a second server), or one of this
    /// process's readers running a single-statement write.
    public func externalChangeMarker() async throws -> Int64? {
        guard !inMemory else { return nil }
        return try await writeLock.withLock {
            try await writer.sql(queryLogLevel: nil).raw("PRAGMA data_version").first()?.decode(
                column: "data_version", as: Int64.self)
        }
    }

    fileprivate func executeSingle(_ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        async throws
    {
        if inMemory {
            try await writeLock.withLock { try await writer.sql(queryLogLevel: nil).execute(sql: query, onRow) }
            return
        }
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        let connection = readers[abs(index % readers.count)]
        try await connection.sql(queryLogLevel: nil).execute(sql: query, onRow)
    }
}

/// Single statements on a reader connection (WAL lets them run beside the writer).
private struct RoutedSQLiteSQL: AsyncSQLDatabase {
    let database: SQLiteDatabase
    var logger: Logger { Logger(label: "ecom.sqlite") }
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await DatabaseMetrics.track(.statement) { try await database.executeSingle(query, onRow) }
    }
}
