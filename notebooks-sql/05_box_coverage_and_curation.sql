-- Subscription boxes: coverage and curation scores by tier.
-- Run: bin/pipeline sql notebooks-sql/05_box_coverage_and_curation.sql
-- Tables: gold.next_box_items (one row per box date, subscriber and product), silver.products.
-- Tiers: 1 Basic (3 items), 2 Premium (5), 3 Elite (7).

-- 1. Per tier for the latest box date: boxes, items per box, scores, and how many distinct products/categories.
WITH latest AS (SELECT max(box_date) AS box_date FROM gold.next_box_items)
SELECT b.tier_id,
       count(DISTINCT b.customer_id)                                AS boxes,
       round(count(*) / count(DISTINCT b.customer_id), 2)           AS items_per_box,
       round(avg(b.curation_score), 3)                              AS mean_curation_score,
       round(avg(b.content_score), 3)                               AS mean_content_score,
       round(avg(b.cf_score), 3)                                    AS mean_cf_score,
       count(DISTINCT b.product_id)                                 AS distinct_products,
       count(DISTINCT p.category)                                   AS distinct_categories
FROM gold.next_box_items b
JOIN latest l ON b.box_date = l.box_date
LEFT JOIN silver.products p ON p.product_id = b.product_id
GROUP BY b.tier_id
ORDER BY b.tier_id;

-- 2. Category variety inside a box: boxes by the number of categories they span.
WITH latest AS (SELECT max(box_date) AS box_date FROM gold.next_box_items),
per_box AS (
  SELECT b.tier_id, b.customer_id, count(DISTINCT p.category) AS categories
  FROM gold.next_box_items b
  JOIN latest l ON b.box_date = l.box_date
  LEFT JOIN silver.products p ON p.product_id = b.product_id
  GROUP BY b.tier_id, b.customer_id
)
SELECT tier_id, categories, count(*) AS boxes
FROM per_box
GROUP BY tier_id, categories
ORDER BY tier_id, categories;

-- 3. The products put in the most boxes (catalogue coverage: is curation concentrating on a few?).
WITH latest AS (SELECT max(box_date) AS box_date FROM gold.next_box_items)
SELECT b.product_id, p.name, p.category, count(*) AS boxes
FROM gold.next_box_items b
JOIN latest l ON b.box_date = l.box_date
LEFT JOIN silver.products p ON p.product_id = b.product_id
GROUP BY b.product_id, p.name, p.category
ORDER BY boxes DESC, b.product_id
LIMIT 20;
