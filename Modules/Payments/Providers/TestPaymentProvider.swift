import FoundationEssentials
import Synchronization

/// The built-in provider, as the original's: every charge succeeds with a reference
/// `test-<uuid4>` — unless the config tells it to decline all charges (`always_fail`) or every
/// Nth (`fail_every`), or to be unreachable for refunds (`refunds_unavailable`), so that
/// declines and retries can be exercised end to end. It remembers its successful charges by
/// payment for the life of the process, as a real provider keeps them, so that
/// `charged(paymentID:)` answers.
final class TestPaymentProvider: PaymentProvider {
    let name = "test"
    private let failEvery: Int
    private let alwaysFail: Bool
    private let refundsUnavailable: Bool
    private let charges = Atomic<Int>(0)
    private let paid = Mutex<[Int64: String]>([:])

    init(failEvery: Int, alwaysFail: Bool, refundsUnavailable: Bool = false) {
        self.failEvery = failEvery
        self.alwaysFail = alwaysFail
        self.refundsUnavailable = refundsUnavailable
    }

    func charge(_ charge: Charge) async throws -> ChargeOutcome {
        let count = charges.wrappingAdd(1, ordering: .relaxed).newValue
        let reference = "test-\(UUID().uuidString.lowercased())"
        if alwaysFail || (failEvery > 0 && count % failEvery == 0) {
            return .declined(providerPaymentID: reference, reason: "declined by the test provider")
        }
        paid.withLock { $0[charge.paymentID] = reference }
        return .paid(providerPaymentID: reference)
    }

    func refund(providerPaymentID: String, amountCents: Int) async throws {
        if refundsUnavailable { throw Unreachable() }
    }

    /// What a refund throws under `refunds_unavailable`.
    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "the test provider is unreachable for refunds (refunds_unavailable)" }
    }

    func charged(paymentID: Int64) async throws -> String? {
        paid.withLock { $0[paymentID] }
    }
}
