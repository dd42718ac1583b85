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
struct PreparingPostgresSQL: SQLDatabase {
    let connection: PostgresConnection
    let prepares: Bool
    private let failed = NIOLockedValueBox(false)

    init(connection: PostgresConnection, prepares: Bool) {
        self.connection = connection
        self.prepares = prepares
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var dialect: any SQLDialect { PostgresDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        do {
            if prepares, !failed.withLockedValue({ $0 }), let statement = try Self.prepared(serialize(query)) {
                try await run(statement, onRow)
            } else {
                try await connection.sql(queryLogLevel: nil).execute(sql: query, onRow)
            }
        } catch {
            failed.withLockedValue { $0 = true }
            throw error
        }
    }

    private func run<Statement: PreparedSlot>(_ statement: Statement, _ onRow: @Sendable (any SQLRow) -> Void)
        async throws
    {
        for try await row in try await connection.execute(statement, logger: logger) {
            onRow(row.sql())
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
