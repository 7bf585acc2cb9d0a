-- gold.price_elasticity against the sample generator's true elasticities, for one run date.
-- ${TRUTH} and ${RUN_DATE} are substituted by bench/elasticity.sh.
CREATE OR REPLACE TEMPORARY VIEW truth USING csv OPTIONS (path '${TRUTH}', header 'true', inferSchema 'true');
CREATE OR REPLACE TEMPORARY VIEW scored AS
SELECT e.*, t.true_elasticity,
       CASE WHEN t.fast_mover THEN 'fast mover' WHEN t.intermittent THEN 'intermittent'
            WHEN t.understocked THEN 'understocked' ELSE 'regular' END AS kind,
       abs(e.elasticity - t.true_elasticity) <= 0.2 AS within_02,
       t.true_elasticity BETWEEN e.ci_low AND e.ci_high AS covered
FROM gold.price_elasticity e JOIN truth t ON e.product_id = t.product_id
WHERE e.run_date = DATE'${RUN_DATE}';
SELECT group_label, products, within_02_pct, covered_pct, mean_abs_error, mean_ci_width FROM (
  SELECT 0 AS o, 'all with >= 3 distinct prices' AS group_label, count(*) AS products,
         round(100 * avg(cast(within_02 AS int)), 1) AS within_02_pct, round(100 * avg(cast(covered AS int)), 1) AS covered_pct,
         round(avg(abs(elasticity - true_elasticity)), 3) AS mean_abs_error, round(avg(ci_high - ci_low), 3) AS mean_ci_width
  FROM scored WHERE distinct_prices >= 3
  UNION ALL
  SELECT 1, concat('  ', kind), count(*), round(100 * avg(cast(within_02 AS int)), 1), round(100 * avg(cast(covered AS int)), 1),
         round(avg(abs(elasticity - true_elasticity)), 3), round(avg(ci_high - ci_low), 3)
  FROM scored WHERE distinct_prices >= 3 GROUP BY kind
  UNION ALL
  SELECT 2, concat('  pooled at ', pooling_level), count(*), round(100 * avg(cast(within_02 AS int)), 1),
         round(100 * avg(cast(covered AS int)), 1), round(avg(abs(elasticity - true_elasticity)), 3), round(avg(ci_high - ci_low), 3)
  FROM scored WHERE distinct_prices >= 3 GROUP BY pooling_level
  UNION ALL
  SELECT 3, 'fewer than 3 distinct prices', count(*), round(100 * avg(cast(within_02 AS int)), 1),
         round(100 * avg(cast(covered AS int)), 1), round(avg(abs(elasticity - true_elasticity)), 3), round(avg(ci_high - ci_low), 3)
  FROM scored WHERE distinct_prices < 3
  UNION ALL
  SELECT 4, 'flagged (positive/implausible/capped)', count(*), round(100 * avg(cast(within_02 AS int)), 1),
         round(100 * avg(cast(covered AS int)), 1), round(avg(abs(elasticity - true_elasticity)), 3), round(avg(ci_high - ci_low), 3)
  FROM scored WHERE flagged
) ORDER BY o, group_label;
