import Kernel

/// Categories, brands, products and images; the public listing and detail, cached in the
/// `catalog` and `catalog.detail` namespaces and invalidated by every catalog write and by
/// `ProductChanged` (see `CatalogCache`).
///
/// Offers other modules `ProductPricing` (Orders reads prices inside its transaction) and
/// `CatalogSeeder` (`ecom seed-demo`); collects `ProductDetailExtension`s at request time.
public enum CatalogModule: Module {
    public typealias Config = CatalogConfig

    public static let id = "catalog"
    public static let dependencies: [String] = []
    public static let summary = "Categories, brands, products and images; public listing and detail"
    public static let migrations = CatalogMigrations.all
    public static func cacheNamespaces(_ config: CatalogConfig) -> [CacheNamespace] {
        CatalogCache.namespaces(ttlSeconds: config.listingCacheTTLSeconds)
    }

    public static func boot(_ context: BootContext, config: CatalogConfig) async throws -> [AnyOperation] {
        let database = context.database
        let cache = CatalogCache(context.cache, ttlSeconds: config.listingCacheTTLSeconds)
        let changes = CatalogChanges(cache: cache, events: context.events)
        context.events.subscribe(ProductChanged.self) { await cache.invalidate(for: $0) }

        let categories = CategoryStore(database: database)
        let brands = BrandStore(database: database)
        let products = ProductStore(database: database)
        let listing = ProductListing(database: database)
        let images = ImageStore(database: database)
        let seeder = CatalogSeeder(database: database, cache: cache)
        context.services.register(CatalogPricing(), as: (any ProductPricing).self)
        context.services.register(seeder, as: CatalogSeeder.self)

        return [
            AnyOperation(ListCategories(store: categories, cache: cache)),
            AnyOperation(CreateCategory(store: categories, changes: changes)),
            AnyOperation(UpdateCategory(store: categories, changes: changes)),
            AnyOperation(DeleteCategory(store: categories, changes: changes)),
            AnyOperation(ListBrands(store: brands, cache: cache)),
            AnyOperation(CreateBrand(store: brands, changes: changes)),
            AnyOperation(UpdateBrand(store: brands, changes: changes)),
            AnyOperation(DeleteBrand(store: brands, changes: changes)),
            AnyOperation(ListProducts(listing: listing, cache: cache)),
            AnyOperation(GetProduct(products: products, images: images, cache: cache, services: context.services)),
            AnyOperation(SimilarProducts(products: products, listing: listing, cache: cache)),
            AnyOperation(AdminListProducts(listing: listing)),
            AnyOperation(CreateProduct(store: products, changes: changes)),
            AnyOperation(UpdateProduct(store: products, changes: changes)),
            AnyOperation(DeleteProduct(store: products, changes: changes)),
            AnyOperation(AddImage(store: images, changes: changes)),
            AnyOperation(ListImages(store: images)),
            AnyOperation(UpdateImage(store: images, changes: changes)),
            AnyOperation(DeleteImage(store: images, changes: changes)),
            AnyOperation(SeedDemo(seeder: seeder)),
        ]
    }
}
