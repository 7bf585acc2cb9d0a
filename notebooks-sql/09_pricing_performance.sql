-- Realised pricing performance: what sold under our prices, optimize against the control group.
-- Run: bin/pipeline sql notebooks-sql/09_pricing_performance.sql
-- Tables: gold.pricing_performance (written by monitor: per monitoring run, day, strategy and control group,
-- the units, revenue, cost and margin of the product-days under the price in force that day).
-- The control group is a fixed, hash-chosen share of products priced by the seed's rules; it is much smaller
-- than the rest, so compare per product-day, never the totals.

-- 1. The latest monitoring run's window: per strategy and group, per product-day, and margin against control.
WITH latest AS (SELECT max(run_date) AS run_date FROM gold.pricing_performance),
groups AS (
    SELECT p.strategy,
           p.control_group,
           min(p.day)                                      AS first_day,
           max(p.day)                                      AS last_day,
           sum(p.products)                                 AS product_days,
           sum(p.units)                                    AS units,
           sum(p.revenue)                                  AS revenue,
           sum(p.margin)                                   AS margin,
           sum(p.units) / sum(p.products)                  AS units_per_product_day,
           sum(p.revenue) / sum(p.products)                AS revenue_per_product_day,
           sum(p.margin) / sum(p.products)                 AS margin_per_product_day,
           sum(p.stockout_products) / sum(p.products)      AS stockout_share
    FROM gold.pricing_performance p
    JOIN latest l ON p.run_date = l.run_date
    GROUP BY p.strategy, p.control_group
)
SELECT g.strategy,
       CASE WHEN g.control_group THEN 'control' ELSE 'treated' END AS pricing_group,
       g.first_day,
       g.last_day,
       g.product_days,
       g.units,
       g.revenue,
       g.margin,
       round(g.units_per_product_day, 3)                   AS units_per_product_day,
       round(g.revenue_per_product_day, 2)                 AS revenue_per_product_day,
       round(g.margin_per_product_day, 2)                  AS margin_per_product_day,
       round(g.stockout_share, 3)                          AS stockout_share,
       round((g.margin_per_product_day / c.margin_per_product_day - 1) * 100, 1) AS margin_vs_control_pct
FROM groups g
LEFT JOIN groups c ON c.control_group AND NOT g.control_group
ORDER BY g.control_group, g.strategy;

-- 2. Day by day in the latest window: margin per product-day of each group (a plot of the lift over time).
WITH latest AS (SELECT max(run_date) AS run_date FROM gold.pricing_performance)
SELECT p.day,
       round(sum(CASE WHEN NOT p.control_group THEN p.margin END)
             / sum(CASE WHEN NOT p.control_group THEN p.products END), 2) AS treated_margin_per_product,
       round(sum(CASE WHEN p.control_group THEN p.margin END)
             / sum(CASE WHEN p.control_group THEN p.products END), 2)     AS control_margin_per_product,
       round(sum(CASE WHEN NOT p.control_group THEN p.revenue END)
             / sum(CASE WHEN NOT p.control_group THEN p.products END), 2) AS treated_revenue_per_product,
       round(sum(CASE WHEN p.control_group THEN p.revenue END)
             / sum(CASE WHEN p.control_group THEN p.products END), 2)     AS control_revenue_per_product
FROM gold.pricing_performance p
JOIN latest l ON p.run_date = l.run_date
GROUP BY p.day
ORDER BY p.day;
