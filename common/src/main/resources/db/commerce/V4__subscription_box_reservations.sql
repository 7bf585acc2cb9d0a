-- curate-boxes: what it reserved per box date and product, so that a rerun for the same box date first gives
-- back exactly its own earlier reservation (inventory.reserved also holds other units, such as pending orders).
CREATE TABLE subscription_box_reservations (
    box_date     date        NOT NULL,
    product_id   integer     NOT NULL REFERENCES products(product_id),
    units        integer     NOT NULL CHECK (units > 0),
    reserved_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (box_date, product_id)
);

-- A tier may be closed to box items (product_limit 0): curate-boxes reports its subscribers rather than failing.
ALTER TABLE subscription_tiers DROP CONSTRAINT subscription_tiers_product_limit_check;
ALTER TABLE subscription_tiers ADD CONSTRAINT subscription_tiers_product_limit_check CHECK (product_limit >= 0);
