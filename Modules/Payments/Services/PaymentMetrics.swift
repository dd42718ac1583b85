import Kernel

/// `ecom_payments_total{status}`: payments that reached `paid`, `failed` or `refunded`, counted
/// once each when the settlement commits (a refund when the provider has returned the money).
enum PaymentMetrics {
    static func settled(_ status: PaymentStatus) {
        AppMetrics.increment("ecom_payments_total", [("status", status.rawValue)])
    }
}
