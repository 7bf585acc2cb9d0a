-- publish-prices: the seed Pricing API's response as a view (the storefront's endpoint is one SELECT),
-- and the log of every publish attempt (published, unchanged, refused, forced, rollbacks).

CREATE VIEW storefront.product_price_api AS
SELECT product_id,
       price                                  AS current_price,
       currency,
       extract(epoch FROM updated_at)::bigint AS "timestamp"
FROM storefront.product_prices;

GRANT SELECT ON storefront.product_price_api TO storefront_reader;

-- Outside the storefront schema: storefront_reader cannot see it.
CREATE TABLE price_publications (
    publication_id  bigserial PRIMARY KEY,
    run_date        date        NOT NULL,
    kind            varchar(10) NOT NULL CHECK (kind IN ('publish', 'rollback')),
    outcome         varchar(10) NOT NULL CHECK (outcome IN ('published', 'unchanged', 'refused')),
    rows_published  integer     NOT NULL,
    forced          boolean     NOT NULL DEFAULT false,
    reason          text,
    breaker         text,
    published_by    text        NOT NULL DEFAULT current_user,
    published_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX price_publications_run_date ON price_publications (run_date);
