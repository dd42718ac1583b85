import FoundationEssentials
import Kernel

/// A product row to seed, with the URLs of its images (the first is primary).
struct SeedProduct: Sendable {
    var draft: ProductDraft
    var createdAt: Date
    var images: [String]

    /// Inserts `rows` with one multi-row statement, skipping any whose sku or slug exists, then
    /// the images of those inserted; returns how many products and images were inserted.
    @discardableResult
    static func insert(_ rows: [SeedProduct], on sql: any SQLDatabase) async throws -> (count: Int, images: Int) {
        guard !rows.isEmpty else { return (0, 0) }
        let values = rows.map { $0.draft.values(createdAt: $0.createdAt) }
        let inserted = try await sql.raw(
            """
            INSERT INTO products (\(unsafeRaw: ProductDraft.columns)) VALUES \(values.joined(separator: ", "))
            ON CONFLICT DO NOTHING RETURNING id, sku
            """
        ).all()
        let bySKU = Dictionary(uniqueKeysWithValues: rows.map { ($0.draft.sku, $0) })
        var images: [SQLQueryString] = []
        for row in inserted {
            let id = try row.decode(column: "id", as: Int.self)
            guard let product = bySKU[try row.decode(column: "sku", as: String.self)] else { continue }
            for (position, url) in product.images.enumerated() {
                images.append(
                    """
                    (\(bind: id), \(bind: url), \(bind: position == 0), \(bind: position), \(bind: product.createdAt))
                    """)
            }
        }
        if !images.isEmpty {
            try await sql.raw(
                """
                INSERT INTO product_images (product_id, url, is_primary, position, created_at)
                VALUES \(images.joined(separator: ", "))
                """
            ).run()
        }
        return (inserted.count, images.count)
    }
}
