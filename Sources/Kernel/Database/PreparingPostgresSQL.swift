import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// `SQLDatabase` over one PostgreSQL connection that runs each statement with parameters as a
/// prepared statement of that connection, named by `PreparedStatementSlots`.
///
/// SQLKit sends every statement unnamed, so PostgreSQL parses and plans it on every run; a
/// prepared statement is planned once and then, when PostgreSQL finds its generic plan no
/// worse, never again (pgbench, the checkout's five statements on the benchmark catalog: 2,045
/// transactions/s unnamed, 4,527 prepared, 2,134 prepared but planned on every run). Values are
/// encoded as PostgresKit encodes them; a statement whose values PostgresKit would encode through
/// Codable (arrays, JSON), a statement without values (BEGIN, COMMIT) and every statement once
/// the slots are all taken run unnamed, through PostgresKit, as before.
///
/// PostgresNIO remembers a failed preparation for the life of the connection, so nothing is
/// prepared on a handle after one of its statements failed: in a failed transaction the
/// preparation itself would fail, and the statement could never be prepared on that connection.
/// A prepared statement that fails because of the schema (a table or column missing, a result
/// shape changed, for instance during a migration by another process) spoils its connection:
/// it is closed when given back (`closeIfSpoiled`; not at once, since PostgresNIO never answers
/// a statement sent on a closed connection), so that the pool replaces it and the statement is
/// prepared afresh once the schema is back.
struct PreparingPostgresSQL: AsyncSQLDatabase {
    let connection: PostgresConnection
    let prepares: Bool
    private let failed = NIOLockedValueBox(false)
    private let spoiled = NIOLockedValueBox(false)

    init(connection: PostgresConnection, prepares: Bool) {
        self.connection = connection
        self.prepares = prepares
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var dialect: any SQLDialect { PostgresDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        // PostgresNIO drops a statement written to a closed channel and never answers it: a
        // connection the server closed just before the pool handed it out (a restart) would
        // hold the request until its timeout. Nothing has been sent, so a 503 is safe.
        if connection.isClosed { throw DatabaseUnavailableError(reason: "the server closed the connection") }
        var prepared = false
        do {
            if prepares, !failed.withLockedValue({ $0 }), let statement = try Self.prepared(serialize(query)) {
                prepared = true
                try await run(statement, onRow)
            } else {
                try await connection.sql(queryLogLevel: nil).execute(sql: query, onRow)
            }
        } catch {
            failed.withLockedValue { $0 = true }
            if prepared, Self.isSchemaError(error) { spoiled.withLockedValue { $0 = true } }
            throw error
        }
    }

    /// Closes the connection if a prepared statement may have become unusable on it; called
    /// when the connection is given back to the pool.
    func closeIfSpoiled() async {
        if spoiled.withLockedValue({ $0 }) { try? await connection.close() }
    }

    /// Errors after which a prepared statement may stay unusable on its connection: syntax or
    /// access (42: undefined table or column...), feature not supported (0A000: "cached plan
    /// must not change result type"), invalid statement name (26000).
    static func isSchemaError(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server, let state = error.serverInfo?[.sqlState] else {
            return false
        }
        return state.hasPrefix("42") || state == "0A000" || state == "26000"
    }

    private func run<Statement: PreparedSlot>(_ statement: Statement, _ onRow: @Sendable (any SQLRow) -> Void)
        async throws
    {
        for try await row in try await connection.execute(statement, logger: logger) {
            onRow(PostgresSQLRow(row))
        }
    }

    /// The slot statement that runs `sql` with `binds`, nil when it is to run unnamed.
    static func prepared(_ serialized: (sql: String, binds: [any Encodable & Sendable])) throws -> (any PreparedSlot)? {
        guard !serialized.binds.isEmpty else { return nil }
        var bindings = PostgresBindings(capacity: serialized.binds.count)
        // The parameter types are part of the key: PostgreSQL fixes them when it prepares.
        var key = serialized.sql
        key.append("\u{0}")
        for bind in serialized.binds {
            guard let type = try append(bind, to: &bindings) else { return nil }
            key.append(String(type.rawValue))
            key.append(",")
        }
        guard let slot = PreparedStatementSlots.shared.slot(for: key, sql: serialized.sql) else { return nil }
        return PreparedSlotTypes.all[slot].init(bindings: bindings)
    }

    /// Appends `value` as PostgresKit would and returns its type (`.null`'s for nil); nil, and
    /// nothing appended, for a value PostgresKit encodes through Codable.
    private static func append<T: Encodable>(_ value: T, to bindings: inout PostgresBindings) throws
        -> PostgresDataType?
    {
        if case Optional<Any>.none = value as Any {
            bindings.appendNull()
            return .null
        }
        guard let value = value as? any PostgresThrowingDynamicTypeEncodable else { return nil }
        try bindings.append(value, context: .default)
        return value.psqlType
    }
}
