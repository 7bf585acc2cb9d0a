-- The shop's commerce database: catalogue, stock, orders, subscriptions, marketplace listings,
-- and the storefront's price table. Money is numeric, never floating point.
-- The seed's subscription model, fixed: subscription_tiers is created before customers, which
-- references it; products exists before the tables that reference it.

CREATE TABLE products (
    product_id   integer PRIMARY KEY,
    sku          varchar(64)   NOT NULL UNIQUE,
    name         varchar(255)  NOT NULL,
    category     varchar(100)  NOT NULL,
    brand        varchar(100)  NOT NULL,
    base_price   numeric(12,2) NOT NULL CHECK (base_price > 0),
    unit_cost    numeric(12,2)          CHECK (unit_cost >= 0),
    currency     char(3)       NOT NULL DEFAULT 'USD',
    active       boolean       NOT NULL DEFAULT true,
    launched_on  date,
    updated_at   timestamptz   NOT NULL DEFAULT now()
);

-- Current stock, the central source of truth for every channel.
CREATE TABLE inventory (
    product_id    integer PRIMARY KEY REFERENCES products(product_id),
    on_hand       integer     NOT NULL CHECK (on_hand >= 0),
    reserved      integer     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    safety_stock  integer     NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- End-of-day stock per product, what ingest turns into silver.inventory_daily.
-- stockout: demand went unserved that day because on_hand reached zero.
CREATE TABLE inventory_snapshots (
    product_id     integer NOT NULL REFERENCES products(product_id),
    snapshot_date  date    NOT NULL,
    on_hand        integer NOT NULL CHECK (on_hand >= 0),
    reserved       integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    received       integer NOT NULL DEFAULT 0 CHECK (received >= 0),
    stockout       boolean NOT NULL DEFAULT false,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, snapshot_date)
);
CREATE INDEX inventory_snapshots_date ON inventory_snapshots (snapshot_date);

CREATE TABLE subscription_tiers (
    tier_id        integer PRIMARY KEY,
    tier_name      varchar(50)   NOT NULL UNIQUE,
    description    text,
    price          numeric(10,2) NOT NULL CHECK (price > 0),
    product_limit  integer       NOT NULL CHECK (product_limit > 0)
);
INSERT INTO subscription_tiers (tier_id, tier_name, description, price, product_limit) VALUES
    (1, 'Basic',   'A selection of popular items.',                 29.99, 3),
    (2, 'Premium', 'Includes exclusive and higher-value items.',    59.99, 5),
    (3, 'Elite',   'Top-tier products and customization options.',  99.99, 7);

CREATE TABLE customers (
    customer_id           uuid PRIMARY KEY,
    email                 varchar(255) NOT NULL UNIQUE,
    first_name            varchar(100),
    last_name             varchar(100),
    subscription_tier_id  integer REFERENCES subscription_tiers(tier_id),
    subscription_status   varchar(20) NOT NULL DEFAULT 'active'
                          CHECK (subscription_status IN ('active', 'paused', 'cancelled')),
    next_box_date         date,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

-- Explicit preferences; a negative strength is a dislike that excludes matching products.
CREATE TABLE customer_preferences (
    preference_id     bigserial PRIMARY KEY,
    customer_id       uuid NOT NULL REFERENCES customers(customer_id) ON DELETE CASCADE,
    preference_key    varchar(100) NOT NULL,
    preference_value  varchar(255) NOT NULL,
    strength          integer NOT NULL DEFAULT 1 CHECK (strength BETWEEN -5 AND 5 AND strength <> 0),
    UNIQUE (customer_id, preference_key, preference_value)
);

CREATE TABLE product_attributes (
    attribute_id     bigserial PRIMARY KEY,
    product_id       integer NOT NULL REFERENCES products(product_id) ON DELETE CASCADE,
    attribute_key    varchar(100) NOT NULL,
    attribute_value  varchar(255) NOT NULL,
    UNIQUE (product_id, attribute_key, attribute_value)
);

-- Which tiers' boxes a product may go into.
CREATE TABLE product_tiers (
    product_id  integer NOT NULL REFERENCES products(product_id) ON DELETE CASCADE,
    tier_id     integer NOT NULL REFERENCES subscription_tiers(tier_id),
    PRIMARY KEY (product_id, tier_id)
);

CREATE TABLE subscription_box_items (
    box_item_id     bigserial PRIMARY KEY,
    customer_id     uuid    NOT NULL REFERENCES customers(customer_id) ON DELETE CASCADE,
    product_id      integer NOT NULL REFERENCES products(product_id),
    box_date        date    NOT NULL,
    tier_id         integer NOT NULL REFERENCES subscription_tiers(tier_id),
    curation_score  numeric(8,4),
    rating          smallint CHECK (rating BETWEEN 1 AND 5),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (customer_id, box_date, product_id)
);
CREATE INDEX subscription_box_items_date ON subscription_box_items (box_date);

CREATE TABLE orders (
    order_id        varchar(64) PRIMARY KEY,
    channel         varchar(20) NOT NULL
                    CHECK (channel IN ('web', 'subscription', 'rest', 'ebay', 'amazon', 'shopify')),
    external_id     varchar(128),
    customer_id     uuid REFERENCES customers(customer_id),
    customer_email  varchar(255),
    ordered_at      timestamptz NOT NULL,
    status          varchar(20) NOT NULL DEFAULT 'paid'
                    CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled', 'refunded')),
    currency        char(3)       NOT NULL DEFAULT 'USD',
    total_price     numeric(12,2) NOT NULL CHECK (total_price >= 0),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (channel, external_id)
);
CREATE INDEX orders_ordered_at ON orders (ordered_at);
CREATE INDEX orders_updated_at ON orders (updated_at);

CREATE TABLE order_lines (
    order_id    varchar(64) NOT NULL REFERENCES orders(order_id) ON DELETE CASCADE,
    line_no     integer     NOT NULL,
    product_id  integer     NOT NULL REFERENCES products(product_id),
    quantity    integer     NOT NULL CHECK (quantity > 0),
    unit_price  numeric(12,2) NOT NULL CHECK (unit_price >= 0),
    channel     varchar(20) NOT NULL,
    ordered_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_ordered_at ON order_lines (ordered_at);

-- A product as listed on a marketplace, under that marketplace's SKU.
CREATE TABLE marketplace_listings (
    marketplace      varchar(20) NOT NULL CHECK (marketplace IN ('rest', 'ebay', 'amazon', 'shopify')),
    product_id       integer     NOT NULL REFERENCES products(product_id),
    marketplace_sku  varchar(128) NOT NULL,
    listing_id       varchar(128),
    active           boolean     NOT NULL DEFAULT true,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (marketplace, product_id),
    UNIQUE (marketplace, marketplace_sku)
);

-- What the storefront reads. publish-prices replaces it atomically; the storefront's role reads only this.
CREATE SCHEMA storefront;
CREATE TABLE storefront.product_prices (
    product_id  integer       PRIMARY KEY,
    sku         varchar(64)   NOT NULL UNIQUE,
    price       numeric(12,2) NOT NULL CHECK (price > 0),
    currency    char(3)       NOT NULL DEFAULT 'USD',
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    run_date    date          NOT NULL
);
