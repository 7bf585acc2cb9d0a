-- Today's price changes, with their reason codes and expected profit.
-- Run: bin/pipeline sql notebooks-sql/02_price_changes_today.sql
-- Tables: gold.prices (one row per run and product: the new price, the previous one, why), silver.products.
-- "Today" is the latest run in gold.prices.

-- 1. Every product whose price changed in the latest run, biggest moves first.
WITH latest AS (SELECT max(run_date) AS run_date FROM gold.prices)
SELECT p.run_date,
       p.product_id,
       p.sku,
       d.name,
       d.category,
       p.previous_price,
       p.price,
       round((p.price - p.previous_price) / p.previous_price * 100, 2) AS change_pct,
       p.strategy,
       array_join(p.reason_codes, ', ')                              AS reasons,
       round(p.expected_profit, 2)                                   AS expected_profit
FROM gold.prices p
JOIN latest l ON p.run_date = l.run_date
LEFT JOIN silver.products d ON d.product_id = p.product_id
WHERE p.previous_price IS NOT NULL AND p.price <> p.previous_price
ORDER BY abs(p.price - p.previous_price) / p.previous_price DESC, p.product_id;

-- 2. Summary by reason code: how many products each reason touched, and the expected profit behind them.
WITH latest AS (SELECT max(run_date) AS run_date FROM gold.prices)
SELECT reason,
       count(*)                             AS products,
       round(avg((price - previous_price) / previous_price * 100), 2) AS avg_change_pct,
       round(sum(expected_profit), 2)       AS expected_profit
FROM gold.prices p
JOIN latest l ON p.run_date = l.run_date
LATERAL VIEW explode(reason_codes) r AS reason
GROUP BY reason
ORDER BY products DESC, reason;
