/// Why a program cannot start, said to whoever started it: two operations that claim one name
/// or route, a service no enabled module provides, a database URL the driver refuses.
public struct BootError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
