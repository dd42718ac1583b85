/// The shape of the generated catalogue: a small category tree and, per leaf category, the
/// brands, series, variants and price range its products are drawn from.
struct ProductLine: Sendable {
    var category: String
    var parent: String
    var brands: [String]
    var series: [String]
    var variants: [String]
    var priceCents: ClosedRange<Int>

    static let all: [ProductLine] = [
        ProductLine(
            category: "Smartphones", parent: "Electronics",
            brands: ["Apple", "Samsung", "Xiaomi", "Google", "OnePlus", "Motorola", "Nokia"],
            series: ["Nova", "Edge", "Pulse", "Aero", "Vibe"],
            variants: ["64GB Black", "128GB Blue", "256GB Silver", "512GB Graphite"], priceCents: 19_900...149_900),
        ProductLine(
            category: "Laptops", parent: "Electronics", brands: ["Apple", "Lenovo", "Dell", "HP", "Asus", "Acer"],
            series: ["Book", "Air", "Pro", "Studio", "Flex"],
            variants: ["13in 8GB", "14in 16GB", "15in 16GB", "16in 32GB"], priceCents: 49_900...349_900),
        ProductLine(
            category: "Tablets", parent: "Electronics", brands: ["Apple", "Samsung", "Lenovo", "Xiaomi"],
            series: ["Tab", "Pad", "Slate"], variants: ["64GB Wi-Fi", "128GB Wi-Fi", "256GB LTE"],
            priceCents: 14_900...129_900),
        ProductLine(
            category: "Headphones", parent: "Electronics", brands: ["Sony", "JBL", "Bose", "Sennheiser", "Apple"],
            series: ["Studio", "Buds", "Bass", "Quiet"], variants: ["Black", "White", "Navy"],
            priceCents: 2_900...49_900),
        ProductLine(
            category: "Smartwatches", parent: "Electronics", brands: ["Apple", "Samsung", "Garmin", "Huawei"],
            series: ["Watch", "Fit", "Active"], variants: ["41mm", "45mm"], priceCents: 9_900...89_900),
        ProductLine(
            category: "Cameras", parent: "Electronics", brands: ["Canon", "Nikon", "Sony", "Fujifilm"],
            series: ["Alpha", "Vision", "Shot"], variants: ["Body", "Kit 18-55mm"], priceCents: 39_900...399_900),
        ProductLine(
            category: "Televisions", parent: "Electronics", brands: ["Samsung", "LG", "Sony", "Philips"],
            series: ["Vision", "Crystal", "OLED"], variants: ["43in", "55in", "65in"], priceCents: 29_900...299_900),
        ProductLine(
            category: "Coffee Machines", parent: "Home & Kitchen", brands: ["Philips", "DeLonghi", "Bosch", "Krups"],
            series: ["Barista", "Crema", "Espresso"], variants: ["Silver", "Black"], priceCents: 9_900...119_900),
        ProductLine(
            category: "Vacuum Cleaners", parent: "Home & Kitchen", brands: ["Dyson", "Philips", "Bosch", "Xiaomi"],
            series: ["Cyclone", "Robo", "Stick"], variants: ["Cordless", "Robot"], priceCents: 9_900...79_900),
        ProductLine(
            category: "Running Shoes", parent: "Sports", brands: ["Nike", "Adidas", "Asics", "Puma"],
            series: ["Runner", "Glide", "Boost"], variants: ["EU 40", "EU 42", "EU 44", "EU 46"],
            priceCents: 4_900...21_900),
    ]

    /// `Home & Kitchen` → `home-kitchen`.
    static func slug(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        return slug.hasSuffix("-") ? String(slug.dropLast()) : slug
    }
}
