import Kernel
import Orders

/// The errors payments answer with; texts match the original where it had them.
enum PaymentErrors {
    static let alreadyPaid = AppError.badRequest("Order is already paid.", code: "order_already_paid")
    static let canceled = AppError.badRequest(
        "Order is canceled; only new orders can be paid.", code: "order_not_payable")
    static let nothingToPay = AppError.badRequest(
        "Order total must be greater than 0.", code: "order_total_not_positive")
    static let inProgress = AppError.conflict(
        "A payment for this order is already being processed.", code: "payment_in_progress")
    static let declined = AppError(
        status: 402, code: "payment_declined",
        detail: "Payment was declined by the provider; the order can be paid again.")
    static let providerUnavailable = AppError(
        status: 502, code: "payment_provider_unavailable", detail: "The payment provider could not be reached.")

    /// Why an order in `status` cannot be paid; nil when it can (`new`).
    static func notPayable(_ status: OrderStatus) -> AppError? {
        switch status {
        case .canceled: canceled
        case .confirmed: alreadyPaid
        case .new: nil
        }
    }

    /// 409 when the order left `new` between the charge and its confirmation; the charge was
    /// refunded, or (`refunded` false) is owed back and will be.
    static func orderChanged(to status: OrderStatus, refunded: Bool = true) -> AppError {
        let refund = refunded ? "the charge was refunded" : "the charge will be refunded"
        return AppError.conflict(
            "Order status changed from new to \(status.rawValue) during payment; \(refund).",
            code: "order_status_conflict")
    }
}
