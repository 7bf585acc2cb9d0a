-- Forecast accuracy by model and category over time.
-- Run: bin/pipeline sql notebooks-sql/01_forecast_accuracy.sql
-- Tables: gold.demand_forecast (what each run predicted), silver.sales_daily (what sold), silver.products.
--
-- Every forecast a run made for a day that has since passed is scored against the units sold that day.
-- Stock-out days are left out: the shelf was empty, so sales understate demand (censored).
-- WAPE = sum |actual - forecast| / sum actual (robust with many zero days); bias > 0 means over-forecasting.

-- 1. Weekly accuracy by model and category, for forecasts made 1 to 7 days ahead.
WITH scored AS (
  SELECT f.model,
         p.category,
         date_trunc('week', f.day)             AS week,
         datediff(f.day, f.run_date)           AS horizon_days,
         s.units                               AS actual,
         f.yhat                                AS forecast,
         s.units BETWEEN f.yhat_lower AND f.yhat_upper AS inside_interval
  FROM gold.demand_forecast f
  JOIN silver.sales_daily s ON s.product_id = f.product_id AND s.day = f.day AND NOT s.stockout
  JOIN silver.products p    ON p.product_id = f.product_id
  WHERE f.day > f.run_date
)
SELECT model,
       category,
       CAST(week AS DATE)                                          AS week,
       count(*)                                                    AS forecasts_scored,
       round(sum(abs(actual - forecast)) / nullif(sum(actual), 0), 3) AS wape,
       round(avg(forecast - actual), 3)                            AS bias_units,
       round(avg(CAST(inside_interval AS INT)), 3)                 AS interval_coverage
FROM scored
WHERE horizon_days BETWEEN 1 AND 7
GROUP BY model, category, week
ORDER BY week DESC, model, category;

-- 2. Accuracy by horizon: how fast forecasts degrade with distance, per model.
SELECT f.model,
       datediff(f.day, f.run_date)                                  AS horizon_days,
       count(*)                                                     AS forecasts_scored,
       round(sum(abs(s.units - f.yhat)) / nullif(sum(s.units), 0), 3) AS wape
FROM gold.demand_forecast f
JOIN silver.sales_daily s ON s.product_id = f.product_id AND s.day = f.day AND NOT s.stockout
WHERE f.day > f.run_date
GROUP BY f.model, datediff(f.day, f.run_date)
ORDER BY f.model, horizon_days;

-- 3. The backtest behind each run's model choice: mean MASE per model, and how often it was chosen.
SELECT run_date,
       model,
       round(avg(mase), 3)                       AS mean_mase,
       round(avg(smape), 3)                      AS mean_smape,
       count(DISTINCT CASE WHEN chosen THEN product_id END) AS products_chosen_for
FROM gold.forecast_backtest
GROUP BY run_date, model
ORDER BY run_date DESC, mean_mase;

-- 4. The monitor stage's scores (gold.forecast_accuracy) of the latest run: the products whose forecasts
--    missed most over the window, a hint of a drifted model.
WITH latest AS (SELECT max(run_date) AS run_date FROM gold.forecast_accuracy)
SELECT a.product_id, a.model,
       sum(a.n)                                                    AS forecasts_scored,
       round(sum(a.mae * a.n) / nullif(sum(a.actual_units), 0), 3) AS wape,
       round(sum(a.bias * a.n) / sum(a.n), 3)                      AS bias_units
FROM gold.forecast_accuracy a
JOIN latest l ON a.run_date = l.run_date
GROUP BY a.product_id, a.model
ORDER BY wape DESC NULLS LAST, a.product_id
LIMIT 20;
