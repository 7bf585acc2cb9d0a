-- Data quality: rows quarantined by source and rule.
-- Run: bin/pipeline sql notebooks-sql/07_data_quality_quarantine.sql
-- Tables: quarantine.competitor_prices and bronze.competitor_prices. Every source has its quarantine.<source>
-- table once one of its rows broke a rule (see `bin/pipeline sql "show tables in quarantine"`); the same
-- queries work for each: quarantine.traffic, quarantine.commerce_order_lines, ...
-- Every row names the file, line, rule and a reason quoting the value.

-- 1. Quarantined rows by rule and competitor file, over the last 30 days of data.
SELECT rule,
       regexp_extract(source_file, '([^/]+)$', 1) AS file,
       count(*)                                   AS rows,
       min(day)                                   AS first_day,
       max(day)                                   AS last_day
FROM quarantine.competitor_prices
WHERE day >= date_sub((SELECT max(day) FROM quarantine.competitor_prices), 30)
GROUP BY rule, regexp_extract(source_file, '([^/]+)$', 1)
ORDER BY rows DESC, rule, file;

-- 2. The rejected share per day: quarantined lines / lines received (bronze holds every line as received).
WITH received AS (SELECT day, count(*) AS lines FROM bronze.competitor_prices GROUP BY day),
rejected AS (SELECT day, count(*) AS lines FROM quarantine.competitor_prices WHERE line_number IS NOT NULL GROUP BY day)
SELECT r.day,
       r.lines                                        AS received,
       coalesce(q.lines, 0)                           AS quarantined,
       round(coalesce(q.lines, 0) / r.lines * 100, 2) AS rejected_pct
FROM received r
LEFT JOIN rejected q ON q.day = r.day
ORDER BY r.day DESC
LIMIT 30;

-- 3. A sample of reasons, one per rule: what the rule saw.
SELECT rule, first(reason) AS example_reason, first(raw) AS example_line
FROM quarantine.competitor_prices
GROUP BY rule
ORDER BY rule;
