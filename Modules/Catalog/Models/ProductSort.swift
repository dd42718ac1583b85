import Kernel

/// The listing orders. Each ends with the product id in the sort's direction, so that equal
/// prices or timestamps always come back in the same order and pages never overlap.
enum ProductSort: String, CaseIterable, FieldEnum {
    case priceAsc = "price_asc"
    case priceDesc = "price_desc"
    case createdDesc = "created_desc"
    case createdAsc = "created_asc"

    /// As FastAPI's `Literal[...]` answered: `literal_error` rather than `enum`.
    static let errorType = "literal_error"

    /// `ORDER BY` terms for columns of `table` (an alias, or empty for none).
    func orderBy(_ table: String = "") -> String {
        let prefix = table.isEmpty ? "" : "\(table)."
        switch self {
        case .priceAsc: return "\(prefix)price_cents ASC, \(prefix)id ASC"
        case .priceDesc: return "\(prefix)price_cents DESC, \(prefix)id DESC"
        case .createdDesc: return "\(prefix)created_at DESC, \(prefix)id DESC"
        case .createdAsc: return "\(prefix)created_at ASC, \(prefix)id ASC"
        }
    }
}
