import Kernel
import Logging
import Synchronization

enum LogBootstrap {
    private static let bootstrapped = Mutex(false)

    /// Sends logs to stderr (stdout belongs to JSON-RPC) as text or JSON lines; once per process.
    static func once(_ settings: LogSettings) {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let level = settings.level
        switch settings.format {
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = TextLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
