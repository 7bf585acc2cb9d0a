-- Marketplace order ingestion (ingest-orders). Each marketplace order line moves stock exactly once:
-- the line's row here is inserted in the same transaction as its order_lines row and its inventory
-- decrement, and its primary key refuses a second one (a repeated page, a later run, a rerun after a
-- crash). A cancellation or refund flips `restored` once and gives back exactly what was taken.
CREATE TABLE marketplace_applied_lines (
    marketplace        varchar(20)  NOT NULL CHECK (marketplace IN ('rest', 'ebay', 'amazon', 'shopify')),
    external_order_id  varchar(128) NOT NULL,
    line_id            varchar(128) NOT NULL,
    order_id           varchar(64)  NOT NULL REFERENCES orders(order_id),
    line_no            integer      NOT NULL,
    product_id         integer      NOT NULL REFERENCES products(product_id),
    quantity           integer      NOT NULL CHECK (quantity > 0),
    -- Units taken from on_hand: the quantity, or less when the marketplace sold stock the shop no longer
    -- had (on_hand never goes below zero); 0 for a line first seen already cancelled.
    decremented        integer      NOT NULL DEFAULT 0 CHECK (decremented >= 0),
    restored           boolean      NOT NULL DEFAULT false,
    applied_at         timestamptz  NOT NULL DEFAULT now(),
    restored_at        timestamptz,
    PRIMARY KEY (marketplace, external_order_id, line_id),
    UNIQUE (order_id, line_no)
);

-- Every change the marketplace stages make to on_hand, one row per applied line and per restore.
CREATE TABLE stock_movements (
    movement_id  bigserial    PRIMARY KEY,
    product_id   integer      NOT NULL REFERENCES products(product_id),
    delta        integer      NOT NULL,
    reason       varchar(32)  NOT NULL CHECK (reason IN ('marketplace_order', 'marketplace_release')),
    reference    varchar(300) NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (reason, reference)
);
