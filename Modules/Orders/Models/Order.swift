import FoundationEssentials
import Kernel

/// An order with its lines. Encodes as the original's `OrderRead` plus `items`:
/// `{"id", "status", "total_cents", "created_at", "items"}`; `AdminOrder` adds `user_id`.
public struct Order: Sendable, Equatable, Encodable {
    /// The order number.
    public var id: Int64
    /// The customer who placed it (shown in the admin views).
    public var userID: Int64
    /// Where it is in its life cycle.
    public var status: OrderStatus
    /// The sum of the lines at their checkout prices.
    public var totalCents: Int
    /// When it was placed (UTC, microseconds).
    public var createdAt: Date
    /// Its lines, in the order they were requested.
    public var items: [OrderItem]

    /// An order as stored.
    public init(
        id: Int64, userID: Int64, status: OrderStatus, totalCents: Int, createdAt: Date, items: [OrderItem] = []
    ) {
        self.id = id
        self.userID = userID
        self.status = status
        self.totalCents = totalCents
        self.createdAt = createdAt
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case id
        case userID = "user_id"
        case status
        case totalCents = "total_cents"
        case createdAt = "created_at"
        case items
    }

    public func encode(to encoder: any Encoder) throws {
        try encode(to: encoder, withUser: false)
    }

    func encode(to encoder: any Encoder, withUser: Bool) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        if withUser { try container.encode(userID, forKey: .userID) }
        try container.encode(status, forKey: .status)
        try container.encode(totalCents, forKey: .totalCents)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(items, forKey: .items)
    }
}

/// An order as operators see it (`AdminOrderRead`): `{"id", "user_id", "status", "total_cents",
/// "created_at", "items"}`.
public struct AdminOrder: Sendable, Equatable, Encodable {
    /// The order shown.
    public var order: Order

    /// Shows `order` with its customer.
    public init(_ order: Order) {
        self.order = order
    }

    public func encode(to encoder: any Encoder) throws {
        try order.encode(to: encoder, withUser: true)
    }
}

/// One line of an order with the price it was sold at: `{"id", "product_id", "quantity", "price_cents"}`.
public struct OrderItem: Sendable, Equatable, Encodable {
    /// The line number.
    public var id: Int64
    /// The product sold.
    public var productID: Int
    /// How many.
    public var quantity: Int
    /// The unit price at checkout (a snapshot: later price changes do not touch it).
    public var priceCents: Int
    /// Whether checkout took the line's stock (its product was tracked then): only such stock
    /// is given back on cancel. Not part of the JSON.
    var stockTaken: Bool

    /// A line as stored.
    public init(id: Int64, productID: Int, quantity: Int, priceCents: Int) {
        self.init(id: id, productID: productID, quantity: quantity, priceCents: priceCents, stockTaken: true)
    }

    init(id: Int64, productID: Int, quantity: Int, priceCents: Int, stockTaken: Bool) {
        self.id = id
        self.productID = productID
        self.quantity = quantity
        self.priceCents = priceCents
        self.stockTaken = stockTaken
    }

    enum CodingKeys: String, CodingKey {
        case id
        case productID = "product_id"
        case quantity
        case priceCents = "price_cents"
    }
}

extension Order: OperationOutput {}
extension AdminOrder: OperationOutput {}

extension Order: SchemaExample {
    /// A new order of one item, for the API documents.
    public static var schemaExample: Order {
        Order(
            id: 1, userID: 1, status: .new, totalCents: 2599, createdAt: Date(timeIntervalSince1970: 1_764_072_000),
            items: [.schemaExample])
    }
}

extension AdminOrder: SchemaExample {
    /// The example order with its owner, for the API documents.
    public static var schemaExample: AdminOrder { AdminOrder(.schemaExample) }
}

extension OrderItem: SchemaExample {
    /// One line of the example order.
    public static var schemaExample: OrderItem { OrderItem(id: 1, productID: 1, quantity: 1, priceCents: 2599) }
}
