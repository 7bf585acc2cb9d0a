-- The storefront's database role can read the price table and nothing else.
-- A role is cluster-wide, so create it only when a previous database on the server has not.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'storefront_reader') THEN
        CREATE ROLE storefront_reader NOLOGIN;
    END IF;
END
$$;
REVOKE ALL ON SCHEMA storefront FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA storefront FROM PUBLIC;
GRANT USAGE ON SCHEMA storefront TO storefront_reader;
GRANT SELECT ON storefront.product_prices TO storefront_reader;
