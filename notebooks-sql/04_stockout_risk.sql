-- Stock-out risk: forecast demand against the stock available to sell.
-- Run: bin/pipeline sql notebooks-sql/04_stockout_risk.sql
-- Tables: gold.demand_forecast (latest run), silver.inventory_daily (latest day), silver.products.
--
-- days_of_cover = available units / forecast units per day over the next 14 days. Below the supplier's lead
-- time (about a week here) the product will likely sell out before a reorder arrives.

WITH run AS (SELECT max(run_date) AS run_date FROM gold.demand_forecast),
demand AS (
  SELECT f.product_id,
         sum(CASE WHEN f.day <= date_add(r.run_date, 7)  THEN f.yhat ELSE 0 END)       AS forecast_7d,
         sum(CASE WHEN f.day <= date_add(r.run_date, 14) THEN f.yhat ELSE 0 END)       AS forecast_14d,
         sum(CASE WHEN f.day <= date_add(r.run_date, 14) THEN f.yhat_upper ELSE 0 END) AS forecast_14d_upper
  FROM gold.demand_forecast f
  JOIN run r ON f.run_date = r.run_date AND f.day > r.run_date
  GROUP BY f.product_id
),
stock AS (
  SELECT i.product_id, i.available
  FROM silver.inventory_daily i
  JOIN (SELECT max(day) AS day FROM silver.inventory_daily) m ON i.day = m.day
)
SELECT d.product_id,
       p.name,
       p.category,
       s.available,
       round(d.forecast_7d, 1)                                  AS forecast_7d,
       round(d.forecast_14d, 1)                                 AS forecast_14d,
       round(s.available / nullif(d.forecast_14d / 14, 0), 1)   AS days_of_cover,
       CASE WHEN s.available <= 0                  THEN 'out of stock'
            WHEN s.available < d.forecast_7d       THEN 'high: sells out within a week'
            WHEN s.available < d.forecast_14d_upper THEN 'medium: may sell out within two weeks'
            ELSE 'low' END                                      AS risk
FROM demand d
JOIN stock s ON s.product_id = d.product_id
LEFT JOIN silver.products p ON p.product_id = d.product_id
ORDER BY days_of_cover ASC NULLS FIRST, d.product_id
LIMIT 50;
