-- Bring your own shop (issue 20): the shop's price list, when it keeps one. A row says that from valid_from
-- on (a day in the shop's time zone) the product's list price is price, in the product's currency, until the
-- product's next row. ingest takes each day's price in silver.sales_daily from it; a day it does not cover
-- takes the price most of the day's order lines paid. Quantity breaks, coupons and bulk deals are not
-- list prices: the list holds the price of one unit bought alone.
CREATE TABLE price_list (
    product_id  integer       NOT NULL REFERENCES products(product_id) ON DELETE CASCADE,
    valid_from  date          NOT NULL,
    price       numeric(12,2) NOT NULL CHECK (price > 0),
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, valid_from)
);
