package io.nightshift.jobs.ingest;

import io.nightshift.common.config.IngestSettings;
import java.math.BigDecimal;

/**
 * Plausibility bounds of landing values.
 *
 * @param maxPrice            highest competitor price accepted (above: {@code price_out_of_range})
 * @param maxCount            highest traffic count accepted (above: {@code count_out_of_range})
 * @param futureToleranceDays how many days after the feed's day a timestamp may lie (clock skew, time zones)
 */
public record LandingLimits(BigDecimal maxPrice, long maxCount, int futureToleranceDays) {
    /** The ingest settings' range limits. */
    public static LandingLimits of(IngestSettings settings) {
        return new LandingLimits(settings.maxPrice(), settings.maxTrafficCount(), settings.futureToleranceDays());
    }

    public LandingLimits {
        if (maxPrice == null || maxPrice.signum() <= 0) {
            throw new IllegalArgumentException("maxPrice must be positive, was " + maxPrice);
        }
        if (maxCount <= 0) {
            throw new IllegalArgumentException("maxCount must be positive, was " + maxCount);
        }
        if (futureToleranceDays < 0) {
            throw new IllegalArgumentException("futureToleranceDays must not be negative, was " + futureToleranceDays);
        }
    }

    public static LandingLimits defaults() {
        return new LandingLimits(new BigDecimal("100000"), 100_000_000L, 0);
    }
}
