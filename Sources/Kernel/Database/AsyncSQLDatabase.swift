import NIOCore
import SQLKit

/// An `SQLDatabase` whose statements are async at heart: the `EventLoopFuture` form SQLKit also
/// requires is the async one run in a task.
protocol AsyncSQLDatabase: SQLDatabase {
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws
}

extension AsyncSQLDatabase {
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }
}
