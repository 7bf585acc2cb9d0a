/**
 * The sample shop: a deterministic generator of two years of a small online shop's data, with the
 * ground truth every later stage (forecast, elasticity, pricing, curation, ingest's quarantine) is
 * scored on. Entry point: {@link io.nightshift.sandbox.sample.SampleShopGenerator#generate}.
 *
 * <h2>Landing zone</h2>
 * Written to ingest's input contract (docs/input-contract.md: file layout, formats, headers), under the landing root:
 * <pre>
 *   traffic/day=YYYY-MM-DD/traffic.jsonl
 *       per launched product and channel ("web", "app")
 *   competitor_prices/day=YYYY-MM-DD/&lt;competitor&gt;.csv
 *       competitor in acme_mart, bargain_hub, shopzilla, valueway; a file is missing on days the
 *       competitor's feed did not arrive.
 *       About 1% of rows are malformed on purpose, of these kinds:
 *         bad_number      price like "12,30x" (quoted, decimal comma, stray letter)
 *         negative_price  price below zero
 *         unknown_product sku not in the catalogue (an extra row)
 *         duplicate       exact repeat of an earlier row of the same file (an extra row)
 *         bad_date        captured_at unparsable
 *         missing_column  one field fewer (currency left out)
 *   external/economic_indicators.csv
 *       date,indicator,value: consumer_confidence every weekday, cpi on the first of each month.
 * </pre>
 * Regeneration deletes and rewrites only {@code traffic/}, {@code competitor_prices/} and
 * {@code external/} under the landing root.
 *
 * <h2>Ground truth (under groundTruthRoot)</h2>
 * <ul>
 *   <li>{@code products.csv}: per product the true own-price and cross elasticity, demand level,
 *       trend, seasonality, holiday uplift, intermittency, launch date and the (s, Q) stocking policy.</li>
 *   <li>{@code demand_daily.csv}: product_id, day, price, competitor_price_index (geometric mean of
 *       competitor price / reference price), baseline_demand (expected demand at the reference
 *       price), expected_demand, true_demand (the realised draw), sold_units (censored by stock),
 *       stockout.</li>
 *   <li>{@code defects.csv}: file (relative to the landing root), line (1-based, header = 1), kind,
 *       competitor, day.</li>
 *   <li>{@code customer_tastes.csv}: customer_id, key, value, weight, stated: every subscriber taste,
 *       and whether it is also a stated customer_preferences row.</li>
 * </ul>
 *
 * <h2>Commerce database</h2>
 * Emptied (TRUNCATE ... RESTART IDENTITY CASCADE, subscription_tiers kept) and refilled: products,
 * product_attributes, product_tiers, marketplace_listings, customers, customer_preferences,
 * subscription_box_items (12 monthly boxes), orders and order_lines (every unit sold), inventory
 * (end of the last day) and inventory_snapshots (end of every day from launch). Timestamps derive
 * from the simulated days in the shop's zone, never from the clock.
 *
 * <h2>Demand model</h2>
 * expected = level x trend x weekly(category) x yearly(Fourier, category phase) x holiday uplift
 * x (price / reference)^elasticity x (competitor index)^cross elasticity x traffic shock (AR(1)
 * log-normal, mean 1); true demand is a gamma-Poisson (negative binomial) draw around it, and
 * sales are min(true demand, stock on hand).
 */
package io.nightshift.sandbox.sample;
