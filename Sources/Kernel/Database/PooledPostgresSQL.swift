import Logging
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit

/// `SQLDatabase` over the pool: each statement runs on a leased connection.
struct PooledPostgresSQL: AsyncSQLDatabase {
    let pool: ReplaceablePool
    let heartbeat: PostgresHeartbeat
    let logger: Logger
    let prepares: Bool
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { PostgresDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try heartbeat.check()
        return try await DatabaseMetrics.track(.statement) {
            try await pool.client.leasing(preparing: prepares) { sql in try await sql.execute(sql: query, onRow) }
        }
    }
}

extension PostgresClient {
    /// `leasing` with the connection as a `PreparingPostgresSQL`, closed when it is given back
    /// if one of its prepared statements may have become unusable on it.
    func leasing<T: Sendable>(preparing: Bool, _ body: (PreparingPostgresSQL) async throws -> T) async throws -> T {
        try await leasing { connection in
            let sql = PreparingPostgresSQL(connection: connection, prepares: preparing)
            do {
                let result = try await body(sql)
                await sql.closeIfSpoiled()
                return result
            } catch {
                await sql.closeIfSpoiled()
                throw error
            }
        }
    }

    /// `withConnection`, with the errors of the lease itself made recognisable: when the pool
    /// cannot grant a connection (its attempts to connect keep failing and it gives up), that is
    /// `DatabaseUnavailableError`, whatever type the pool uses for it; errors of `body` and of
    /// the connection pass through unchanged.
    func leasing<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await withConnection { connection in
                do {
                    return try await body(connection)
                } catch {
                    throw BodyError(error: error)
                }
            }
        } catch let error as BodyError {
            throw error.error
        } catch let error as PSQLError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw DatabaseUnavailableError(reason: "\(error)")
        }
    }

    private struct BodyError: Error {
        let error: any Error
    }
}
