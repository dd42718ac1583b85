import Kernel

/// Payments against orders through a provider protocol
public enum PaymentsModule: Module {
    public static let id = "payments"
    public static let dependencies: [String] = ["orders"]
    public static let summary = "Payments against orders through a provider protocol"

    public static func boot(_ context: BootContext, config: NoConfig) async throws -> [AnyOperation] {
        []
    }
}
