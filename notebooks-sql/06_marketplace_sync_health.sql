-- Marketplace sync health: what is pending, what failed, and how long acknowledgements take.
-- Run: bin/pipeline sql notebooks-sql/06_marketplace_sync_health.sql
-- Tables: gold.marketplace_push_ledger (every inventory update attempt and its outcome),
--         silver.marketplace_orders (order lines pulled back).

-- 1. Outcomes per marketplace and run: attempts by status, and the acknowledgement lag.
SELECT run_date,
       marketplace,
       status,
       count(*)                                                             AS attempts,
       count(DISTINCT sku)                                                  AS skus,
       round(avg(unix_timestamp(acknowledged_at) - unix_timestamp(sent_at)), 1) AS avg_ack_lag_s,
       max(unix_timestamp(acknowledged_at) - unix_timestamp(sent_at))       AS max_ack_lag_s
FROM gold.marketplace_push_ledger
GROUP BY run_date, marketplace, status
ORDER BY run_date DESC, marketplace, status;

-- 2. The latest attempt per marketplace and SKU: what is still pending or failed now.
WITH ranked AS (
  SELECT *, row_number() OVER (PARTITION BY marketplace, sku ORDER BY run_date DESC, attempt DESC) AS rn
  FROM gold.marketplace_push_ledger
)
SELECT marketplace,
       sum(CASE WHEN lower(status) IN ('pending', 'retry', 'queued') THEN 1 ELSE 0 END)   AS pending,
       sum(CASE WHEN lower(status) IN ('failed', 'rejected', 'error') THEN 1 ELSE 0 END)  AS failed,
       sum(CASE WHEN acknowledged_at IS NOT NULL THEN 1 ELSE 0 END)                       AS acknowledged,
       count(*)                                                                           AS skus
FROM ranked
WHERE rn = 1
GROUP BY marketplace
ORDER BY marketplace;

-- 3. Order pull freshness: the newest order seen per marketplace and its ingestion lag.
SELECT marketplace,
       count(*)                                                           AS order_lines,
       max(ordered_at)                                                    AS newest_order,
       max(ingested_at)                                                   AS last_ingested,
       round(avg(unix_timestamp(ingested_at) - unix_timestamp(ordered_at)) / 3600, 1) AS avg_lag_hours
FROM silver.marketplace_orders
GROUP BY marketplace
ORDER BY marketplace;
