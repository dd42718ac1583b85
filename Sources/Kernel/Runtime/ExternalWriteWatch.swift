import Logging

/// Keeps an in-process cache honest about writes made by other processes on the same SQLite
/// file (`ecom rpc` or `ecom seed-demo` beside `ecom serve`): every `interval` it reads the
/// database's change marker and, when it moved, invalidates every namespace. Own writes
/// invalidate exactly what they change, so this only bounds how long another process's
/// write can stay unseen. A shared cache (Redis) needs none of this: every process
/// invalidates it directly.
struct ExternalWriteWatch: Sendable {
    let database: any Database
    let cache: Cache
    let interval: Duration
    let logger: Logger

    /// Whether `database` and `cache` need watching: a cache of this process only, over a
    /// database another process can write.
    static func isNeeded(database: any Database, cache: Cache) async -> Bool {
        guard cache.backendName == "memory" else { return false }
        return (try? await database.externalChangeMarker()) != nil
    }

    /// Watches until cancelled.
    func run() async {
        var last = try? await database.externalChangeMarker()
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            guard let marker = try? await database.externalChangeMarker(), marker != last else { continue }
            if last != nil {
                await cache.invalidateAll()
                logger.debug("database written by another connection; cache invalidated")
            }
            last = marker
        }
    }
}
