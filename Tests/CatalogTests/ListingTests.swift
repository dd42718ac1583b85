import Kernel
import TestSupport
import Testing

@Suite("Product listing")
struct ListingTests {
    /// Brand b1/b2, category c1/c2 and six products, one of them inactive.
    struct Seeded {
        var b1 = 0
        var b2 = 0
        var c1 = 0
        var c2 = 0
    }

    static func seed(_ c: CatalogApp) async throws -> Seeded {
        var s = Seeded()
        s.b1 = try await c.create("catalog.brands.create", ["name": "B1", "slug": "b1"])
        s.b2 = try await c.create("catalog.brands.create", ["name": "B2", "slug": "b2"])
        s.c1 = try await c.create("catalog.categories.create", ["name": "C1", "slug": "c1"])
        s.c2 = try await c.create("catalog.categories.create", ["name": "C2", "slug": "c2"])
        let rows: [(String, Int, Int, Int, Bool)] = [
            ("p1", 100, s.b1, s.c1, true), ("p2", 200, s.b1, s.c2, true), ("p3", 200, s.b2, s.c1, true),
            ("p4", 300, s.b2, s.c2, true), ("p5", 150, s.b1, s.c1, false), ("p6", 50, s.b2, s.c2, true),
        ]
        for (slug, price, brand, category, active) in rows {
            _ = try await c.product([
                "sku": .string(slug.uppercased()), "slug": .string(slug), "name": .string("Name \(slug)"),
                "price_cents": .int(Int64(price)), "brand_id": .int(Int64(brand)),
                "category_id": .int(Int64(category)), "is_active": .bool(active),
            ])
        }
        return s
    }

    static func slugs(_ reply: Reply) -> [String] {
        reply.items.compactMap { $0["slug"]?.stringValue }
    }

    @Test(arguments: Fixture.matrix)
    func filtersAndTotals(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let s = try await Self.seed(c)
            func list(_ params: JSONObject) async throws -> Reply {
                try await c.get("catalog.products.list", params, via: via)
            }
            let all = try await list([:])
            #expect(all.status == 200)
            guard case .object(let page) = all.body else { throw TestSetupError("\(all)") }
            #expect(page.keys == ["total", "limit", "offset", "items"])
            #expect(all["total"] == 5 && all["limit"] == 20 && all["offset"] == 0)
            #expect(Self.slugs(all) == ["p6", "p4", "p3", "p2", "p1"])
            #expect(Self.slugs(try await list(["category_id": .int(Int64(s.c1))])) == ["p3", "p1"])
            #expect(Self.slugs(try await list(["brand_id": .int(Int64(s.b1))])) == ["p2", "p1"])
            #expect(try await list(["category_id": 0, "brand_id": 0])["total"] == 5)
            let range = try await list(["min_price": 100, "max_price": 200, "sort": "price_asc"])
            #expect(Self.slugs(range) == ["p1", "p2", "p3"])
            let both = try await list(["brand_id": .int(Int64(s.b2)), "category_id": .int(Int64(s.c2))])
            #expect(Self.slugs(both) == ["p6", "p4"])
            let bad = try await list(["min_price": 300, "max_price": 100])
            #expect(bad.status == 400)
            #expect(bad.detail == "min_price cannot be greater than max_price")
            let page2 = try await list(["limit": 2, "offset": 2])
            #expect(page2["total"] == 5)
            #expect(Self.slugs(page2) == ["p3", "p2"])
            let beyond = try await list(["offset": 50])
            #expect(beyond["total"] == 5)
            #expect(beyond.items.isEmpty)
            let none = try await list(["q": "nothing-matches"])
            #expect(none["total"] == 0)
            // A search is one scan with a window count: its pages and totals, also past the end.
            let searched = try await list(["q": "NAME", "sort": "price_asc", "limit": 2, "offset": 2])
            #expect(searched["total"] == 5 && Self.slugs(searched) == ["p2", "p3"])
            let narrowed = try await list(["q": "name", "brand_id": .int(Int64(s.b2)), "max_price": 200])
            #expect(narrowed["total"] == 2 && Self.slugs(narrowed) == ["p6", "p3"])
            let searchedBeyond = try await list(["q": "name", "offset": 50])
            #expect(searchedBeyond["total"] == 5 && searchedBeyond.items.isEmpty)
        }
    }

    @Test(arguments: Fixture.matrix)
    func everySortBreaksTiesByIdAndPagesAreStable(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            for index in 1...7 {
                _ = try await c.product([
                    "slug": .string("t\(index)"), "price_cents": .int(Int64(index % 2 == 0 ? 500 : 700)),
                ])
            }
            // Everything created at the same instant: only the id can order them.
            try await c.execute("UPDATE products SET created_at = (SELECT MIN(created_at) FROM products)")
            let ascending = (1...7).map { "t\($0)" }
            let expected: [String: [String]] = [
                "price_asc": ["t2", "t4", "t6", "t1", "t3", "t5", "t7"],
                "price_desc": ["t7", "t5", "t3", "t1", "t6", "t4", "t2"],
                "created_asc": ascending, "created_desc": ascending.reversed(),
            ]
            for (sort, order) in expected {
                var paged: [String] = []
                for offset in stride(from: 0, to: 7, by: 3) {
                    let page = try await c.get(
                        "catalog.products.list", ["sort": .string(sort), "limit": 3, "offset": .int(Int64(offset))],
                        via: via)
                    #expect(page["total"] == 7)
                    paged += Self.slugs(page)
                }
                #expect(paged == order, "\(sort)")
            }
        }
    }

    @Test(arguments: Fixture.matrix)
    func queryMatchesNameOrSlugLiterally(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let names = ["50% off", "a_b", #"back\slash"#, "Plain Phone", "Äpfel Saft", "abXb"]
            for (index, name) in names.enumerated() {
                _ = try await c.product(["name": .string(name), "slug": .string("s\(index)")])
            }
            _ = try await c.product(["name": "Other", "slug": "Special-Slug"])
            func matches(_ q: String) async throws -> [String] {
                let reply = try await c.get(
                    "catalog.products.list", ["q": .string(q), "sort": "created_asc"], via: via)
                return reply.items.compactMap { $0["name"]?.stringValue }
            }
            #expect(try await matches("%") == ["50% off"])
            #expect(try await matches("_") == ["a_b"])
            #expect(try await matches(#"\"#) == [#"back\slash"#])
            #expect(try await matches("PLAIN") == ["Plain Phone"])
            #expect(try await matches("äPFEL") == ["Äpfel Saft"])
            #expect(try await matches("special-") == ["Other"])
            #expect(try await matches("a|b") == [])
            #expect(try await matches("").count == 7)
        }
    }

    /// `q` finds a product by its name and slug as they are after every change (the name, the
    /// slug, both), and a `q` with a line feed matches within the name or the slug, never
    /// across the end of one and the start of the other.
    @Test(arguments: Fixture.matrix)
    func searchFollowsRenamesAndNeverSpansNameAndSlug(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let id = JSONValue.int(Int64(try await c.product(["name": "Alpha Phone", "slug": "alpha-slug"])))
            _ = try await c.product(["name": "Line\nBreak", "slug": "gamma"])
            func matches(_ q: String) async throws -> [String] {
                Self.slugs(
                    try await c.get("catalog.products.list", ["q": .string(q), "sort": "created_asc"], via: via))
            }
            func update(_ fields: JSONObject) async throws {
                var params = fields
                params["prod_id"] = id
                let reply = try await c.admin("catalog.products.update", params, via: via)
                try #require(reply.status == 200, "\(reply)")
            }
            #expect(try await matches("alpha phone") == ["alpha-slug"])
            #expect(try await matches("ALPHA-S") == ["alpha-slug"])
            try await update(["name": "Beta Tablet"])
            #expect(try await matches("beta") == ["alpha-slug"])
            #expect(try await matches("phone") == [])
            #expect(try await matches("alpha-slug") == ["alpha-slug"])
            try await update(["slug": "delta-slug"])
            #expect(try await matches("alpha") == [])
            #expect(try await matches("delta") == ["delta-slug"])
            #expect(try await matches("tablet") == ["delta-slug"])
            try await update(["name": "Epsilon", "slug": "zeta"])
            #expect(try await matches("epsilon") == ["zeta"])
            #expect(try await matches("zeta") == ["zeta"])
            #expect(try await matches("beta") == [])
            #expect(try await matches("delta") == [])
            #expect(try await matches("e\nb") == ["gamma"])
            #expect(try await matches("k\ng") == [])
            #expect(try await matches("n\nz") == [])
        }
    }

    @Test(arguments: Fixture.matrix)
    func invalidParametersAre422(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            let cases: [(JSONObject, String, String)] = [
                (["limit": 0], "limit", "greater_than_equal"), (["limit": 101], "limit", "less_than_equal"),
                (["offset": -1], "offset", "greater_than_equal"), (["sort": "popular"], "sort", "literal_error"),
                (["min_price": -1], "min_price", "greater_than_equal"), (["brand_id": "x"], "brand_id", "int_parsing"),
                // An empty value is validated like any other, as FastAPI does (`?limit=`).
                (["limit": ""], "limit", "int_parsing"), (["category_id": ""], "category_id", "int_parsing"),
                (["sort": ""], "sort", "literal_error"), (["limit": "1.5"], "limit", "int_parsing"),
            ]
            for (params, field, type) in cases {
                let reply = try await c.get("catalog.products.list", params, via: via)
                #expect(reply.status == 422, "\(params)")
                #expect(reply.detail?[0]?["loc"] == ["query", .string(field)])
                #expect(reply.detail?[0]?["type"] == .string(type))
            }
            // pydantic reads `2.0` and `1_0` as integers.
            #expect(
                try await c.get("catalog.products.list", ["limit": "2.0", "offset": "1_0"], via: via)["limit"] == 2)
        }
    }

    @Test(arguments: Fixture.matrix)
    func adminListingIncludesInactiveProducts(backend: Backend, via: Via) async throws {
        try await CatalogApp.with(backend) { c in
            _ = try await Self.seed(c)
            let all = try await c.admin("catalog.products.admin_list", ["sort": "price_asc"], via: via)
            #expect(all["total"] == 6)
            #expect(Self.slugs(all) == ["p6", "p1", "p5", "p2", "p3", "p4"])
            let inactive = try await c.admin("catalog.products.admin_list", ["is_active": false], via: via)
            #expect(Self.slugs(inactive) == ["p5"])
            let bad = try await c.admin("catalog.products.admin_list", ["min_price": 9, "max_price": 1], via: via)
            #expect(bad.status == 400)
        }
    }
}
