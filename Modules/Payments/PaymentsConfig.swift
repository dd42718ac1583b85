import Kernel

/// The `payments:` section of the config.
///
/// ```yaml
/// payments:
///   provider: test        # the only built-in provider
///   fail_every: 3         # test provider: every 3rd charge is declined (0: never)
///   always_fail: false    # test provider: decline every charge
///   refunds_unavailable: false  # test provider: refunds fail as if unreachable (owed, retried)
/// ```
public struct PaymentsConfig: Decodable, Sendable {
    /// The provider charges go to.
    public var provider = "test"
    /// The test provider declines every Nth charge (0: never).
    public var failEvery = 0
    /// The test provider declines every charge.
    public var alwaysFail = false
    /// The test provider cannot be reached for refunds: they stay owed and are retried.
    public var refundsUnavailable = false

    /// The defaults: the test provider, never declining.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case provider
        case failEvery = "fail_every"
        case alwaysFail = "always_fail"
        case refundsUnavailable = "refunds_unavailable"
    }

    /// Reads the section; unknown keys and a negative `fail_every` are errors naming the key.
    public init(from decoder: any Decoder) throws {
        try ModuleConfigKeys.rejectUnknown(in: decoder, known: CodingKeys.allCases.map(\.rawValue), module: "payments")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        provider = try container.decode(String.self, forKey: .provider, default: provider)
        failEvery = try container.decode(Int.self, forKey: .failEvery, default: failEvery, in: 0...)
        alwaysFail = try container.decode(Bool.self, forKey: .alwaysFail, default: alwaysFail)
        refundsUnavailable = try container.decode(Bool.self, forKey: .refundsUnavailable, default: refundsUnavailable)
    }
}
