/**
 * Ingest of the landing zone: reading landing files robustly and validating them with declared data-quality rules
 * into bronze, silver and quarantine rows.
 * <ul>
 *   <li>{@link io.nightshift.jobs.ingest.LandingFiles} (IO): lists a source's files per day through Hadoop's
 *       FileSystem (file: locally, s3a: in production), gunzips {@code .gz}, and yields one row per line with its
 *       folder day, file, 1-based line number and strict UTF-8 decoding. A damaged gzip is a
 *       {@link io.nightshift.jobs.ingest.LandingFileException} naming the file and the last complete line.</li>
 *   <li>{@link io.nightshift.jobs.ingest.CompetitorPriceFeed}, {@link io.nightshift.jobs.ingest.TrafficFeed},
 *       {@link io.nightshift.jobs.ingest.EconomicIndicatorFeed} (pure): lines to a
 *       {@link io.nightshift.jobs.ingest.FeedResult}, by the ordered rules of
 *       {@link io.nightshift.jobs.ingest.CompetitorPriceRules}, {@link io.nightshift.jobs.ingest.TrafficRules} and
 *       {@link io.nightshift.jobs.ingest.EconomicIndicatorRules}: a line is quarantined with the first rule it
 *       breaks, every data line is in bronze, and bronze = accepted + quarantined lines.</li>
 * </ul>
 * The input contract (the landing layout and what is read of the commerce database) is docs/input-contract.md.
 */
package io.nightshift.jobs.ingest;
