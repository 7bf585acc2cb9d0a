-- Bring your own shop (issue 20): what the import contract needs of the commerce schema, and no more.
-- The sample shop's rows satisfy the old and the new constraints alike.

-- Products: a real shop may have no categories, no brands, no names in its order history; a product
-- category path (Shopify's standard taxonomy) is longer than 100 characters; type and tags are the
-- shop's own classification, kept for deriving categories later.
ALTER TABLE products ALTER COLUMN category DROP NOT NULL;
ALTER TABLE products ALTER COLUMN brand DROP NOT NULL;
ALTER TABLE products ALTER COLUMN name DROP NOT NULL;
ALTER TABLE products ALTER COLUMN category TYPE varchar(255);
ALTER TABLE products ALTER COLUMN brand TYPE varchar(255);
ALTER TABLE products ADD COLUMN product_type varchar(255);
ALTER TABLE products ADD COLUMN tags text;

-- Orders: guest checkout has no customer; a shop's customer key is any string (an e-mail, an integer id).
-- customer_id stays the subscription model's uuid. A shop's sales channels are its own words (web, pos,
-- a marketplace app), and a credit note (an order of returns only) has a negative total.
ALTER TABLE orders ADD COLUMN customer_key varchar(255);
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_channel_check;
ALTER TABLE orders ALTER COLUMN channel TYPE varchar(64);
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_total_price_check;

-- Order lines: a return is a line with a negative quantity; a line's discount is money off the line.
ALTER TABLE order_lines DROP CONSTRAINT IF EXISTS order_lines_quantity_check;
ALTER TABLE order_lines ADD CONSTRAINT order_lines_quantity_check CHECK (quantity <> 0);
ALTER TABLE order_lines ALTER COLUMN channel TYPE varchar(64);
ALTER TABLE order_lines ADD COLUMN discount numeric(12,2) NOT NULL DEFAULT 0 CHECK (discount >= 0);
