-- Margin and competitor position of the latest prices.
-- Run: bin/pipeline sql notebooks-sql/03_margin_and_competitor_position.sql
-- Tables: gold.prices, silver.products (unit_cost), silver.competitor_prices.
--
-- price_index = our price / the cheapest competitor's price that day (1.05 = 5% above the cheapest).
-- Competitor prices are the latest seen on or before the run date (feeds can miss a day).

WITH latest AS (SELECT max(run_date) AS run_date FROM gold.prices),
ours AS (
  SELECT p.run_date, p.product_id, p.price, d.unit_cost, d.category
  FROM gold.prices p
  JOIN latest l ON p.run_date = l.run_date
  JOIN silver.products d ON d.product_id = p.product_id
),
competition AS (
  SELECT c.product_id,
         min(c.price) AS cheapest_competitor,
         avg(c.price) AS mean_competitor,
         count(DISTINCT c.competitor) AS competitors
  FROM silver.competitor_prices c
  JOIN latest l ON c.day BETWEEN date_sub(l.run_date, 7) AND l.run_date
  GROUP BY c.product_id
)
-- 1. Per category: margin and where we stand against the cheapest competitor.
SELECT o.category,
       count(*)                                                          AS products,
       round(avg((o.price - o.unit_cost) / o.price) * 100, 1)            AS avg_margin_pct,
       round(avg(o.price / c.cheapest_competitor), 3)                    AS avg_price_index,
       sum(CASE WHEN o.price < c.cheapest_competitor THEN 1 ELSE 0 END)  AS cheapest_in_market,
       sum(CASE WHEN o.price > c.mean_competitor THEN 1 ELSE 0 END)      AS above_market_mean,
       sum(CASE WHEN o.price <= o.unit_cost THEN 1 ELSE 0 END)           AS at_or_below_cost
FROM ours o
LEFT JOIN competition c ON c.product_id = o.product_id
GROUP BY o.category
ORDER BY o.category;

-- 2. The products priced furthest above the cheapest competitor.
WITH latest AS (SELECT max(run_date) AS run_date FROM gold.prices)
SELECT p.product_id, p.sku, p.price, min(c.price) AS cheapest_competitor,
       round(p.price / min(c.price), 3) AS price_index
FROM gold.prices p
JOIN latest l ON p.run_date = l.run_date
JOIN silver.competitor_prices c ON c.product_id = p.product_id AND c.day BETWEEN date_sub(l.run_date, 7) AND l.run_date
GROUP BY p.product_id, p.sku, p.price
ORDER BY price_index DESC, p.product_id
LIMIT 20;
