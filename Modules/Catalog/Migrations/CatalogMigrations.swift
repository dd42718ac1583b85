import Kernel

/// The Catalog schema. Unique indexes are named `uq_<table>_<column>` so that a violation,
/// also one lost in a race, is answered with a 409 naming the field; foreign keys have no
/// `ON DELETE` (except images), so deleting something still referenced fails instead of
/// orphaning rows. `name_folded`/`slug_folded` hold the lower-cased name and slug, and
/// `search_folded` both joined by a line feed, for `q` (`CatalogLimits.searchText`), folded in
/// Swift because SQLite's `LOWER` only knows ASCII.
enum CatalogMigrations {
    static let all = [
        Migration(
            1, "create_brands_and_categories",
            [
                "CREATE TABLE brands (id {{pk}}, name VARCHAR(200) NOT NULL, slug VARCHAR(200) NOT NULL)",
                "CREATE UNIQUE INDEX uq_brands_name ON brands (name)",
                "CREATE UNIQUE INDEX uq_brands_slug ON brands (slug)",
                """
                CREATE TABLE categories (
                    id {{pk}},
                    name VARCHAR(200) NOT NULL,
                    slug VARCHAR(200) NOT NULL,
                    parent_id BIGINT NULL,
                    CONSTRAINT fk_categories_parent_id FOREIGN KEY (parent_id) REFERENCES categories (id)
                )
                """,
                "CREATE UNIQUE INDEX uq_categories_slug ON categories (slug)",
                "CREATE INDEX ix_categories_parent_id ON categories (parent_id)",
            ]),
        Migration(
            2, "create_products",
            [
                """
                CREATE TABLE products (
                    id {{pk}},
                    sku VARCHAR(64) NOT NULL,
                    name VARCHAR(255) NOT NULL,
                    slug VARCHAR(255) NOT NULL,
                    name_folded VARCHAR(255) NOT NULL,
                    slug_folded VARCHAR(255) NOT NULL,
                    brand_id BIGINT NULL,
                    category_id BIGINT NULL,
                    price_cents INTEGER NOT NULL,
                    is_active BOOLEAN NOT NULL DEFAULT TRUE,
                    created_at {{timestamp}} NOT NULL,
                    CONSTRAINT fk_products_brand_id FOREIGN KEY (brand_id) REFERENCES brands (id),
                    CONSTRAINT fk_products_category_id FOREIGN KEY (category_id) REFERENCES categories (id),
                    CONSTRAINT ck_products_price_cents CHECK (price_cents >= 0)
                )
                """,
                "CREATE UNIQUE INDEX uq_products_sku ON products (sku)",
                "CREATE UNIQUE INDEX uq_products_slug ON products (slug)",
                // The listing's filters and sorts, each with the id tiebreaker.
                "CREATE INDEX ix_products_active_price ON products (is_active, price_cents, id)",
                "CREATE INDEX ix_products_active_created ON products (is_active, created_at, id)",
                "CREATE INDEX ix_products_category_id ON products (category_id, is_active)",
                "CREATE INDEX ix_products_brand_id ON products (brand_id, is_active)",
            ]),
        Migration(
            3, "create_product_images",
            [
                """
                CREATE TABLE product_images (
                    id {{pk}},
                    product_id BIGINT NOT NULL,
                    url VARCHAR(500) NOT NULL,
                    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
                    position INTEGER NOT NULL DEFAULT 0,
                    created_at {{timestamp}} NOT NULL,
                    CONSTRAINT fk_product_images_product_id FOREIGN KEY (product_id)
                        REFERENCES products (id) ON DELETE CASCADE,
                    CONSTRAINT ck_product_images_position CHECK (position >= 0)
                )
                """,
                "CREATE INDEX ix_product_images_product_id ON product_images (product_id, position, id)",
                // At most one primary image per product, whatever races.
                "CREATE UNIQUE INDEX uq_product_images_primary ON product_images (product_id) WHERE is_primary",
            ]),
        // A listing filtered by `q` and a price range cannot narrow `q` with a B-tree, so every
        // row in the range is tested: with the folded name and slug in the price index, that
        // test (and the total's COUNT) reads the index alone, not the table (SQLite: 2-3x on
        // 10,000 products; PostgreSQL: an index-only scan). `ListingIndexTests` checks the plan.
        Migration(
            4, "cover_price_index_for_search",
            [
                """
                CREATE INDEX ix_products_active_price_search
                    ON products (is_active, price_cents, id, name_folded, slug_folded)
                """,
                "DROP INDEX ix_products_active_price",
            ]),
        // One folded column for `q` instead of two (`CatalogLimits.searchText`): one `LIKE`
        // per row in range instead of up to two, and a narrower index (PostgreSQL, pgbench on
        // the benchmark's search: 1.2x the queries/s).
        Migration(
            5, "search_one_folded_column",
            [
                "ALTER TABLE products ADD COLUMN search_folded VARCHAR(511) NOT NULL DEFAULT ''",
                "UPDATE products SET search_folded = name_folded || '\n' || slug_folded",
                """
                CREATE INDEX ix_products_active_price_q
                    ON products (is_active, price_cents, id, search_folded)
                """,
                "DROP INDEX ix_products_active_price_search",
            ]),
    ]
}
