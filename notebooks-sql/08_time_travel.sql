-- Delta time travel: what changed since yesterday.
-- Run: bin/pipeline sql notebooks-sql/08_time_travel.sql
-- Tables: silver.sales_daily (any Delta table works the same way).
--
-- Every write is one Delta commit; DESCRIBE HISTORY lists them with their time, operation, the replaced
-- dates (operationParameters.predicate) and row counts (operationMetrics). Time travel reads an older
-- version: `VERSION AS OF n` or `TIMESTAMP AS OF <expression>`. Versions older than the VACUUM retention
-- (nightshift.maintain.retention-hours, 7 days by default) may no longer be readable.

-- 1. The commits: which run wrote what, and when.
DESCRIBE HISTORY silver.sales_daily LIMIT 10;

-- 2. Rows that differ between version 1 (the table's first write; version 0 is its creation) and now:
--    after a backfill and one nightly run, these are the days the nightly run (re)wrote, late arrivals
--    included. For "since yesterday" on a warehouse older than a day use
--        silver.sales_daily TIMESTAMP AS OF current_timestamp() - INTERVAL 1 DAY
--    or the version DESCRIBE HISTORY shows for yesterday.
WITH now AS (SELECT * FROM silver.sales_daily),
     before AS (SELECT * FROM silver.sales_daily VERSION AS OF 1)
SELECT coalesce(n.day, b.day)               AS day,
       count(*)                             AS product_days_changed,
       sum(coalesce(n.units, 0) - coalesce(b.units, 0)) AS units_delta,
       sum(CASE WHEN b.product_id IS NULL THEN 1 ELSE 0 END) AS new_rows,
       sum(CASE WHEN n.product_id IS NULL THEN 1 ELSE 0 END) AS removed_rows
FROM now n
FULL OUTER JOIN before b ON n.product_id = b.product_id AND n.day = b.day
WHERE b.product_id IS NULL OR n.product_id IS NULL
   OR n.units <> b.units OR n.revenue <> b.revenue OR n.stockout <> b.stockout
GROUP BY coalesce(n.day, b.day)
ORDER BY day DESC;

-- 3. Row counts per version, to see each commit's effect at a glance.
SELECT 'version 1' AS version, count(*) AS rows FROM silver.sales_daily VERSION AS OF 1
UNION ALL
SELECT 'current', count(*) FROM silver.sales_daily;
