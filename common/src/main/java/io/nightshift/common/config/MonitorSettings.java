package io.nightshift.common.config;

import com.typesafe.config.Config;

/** The {@code nightshift.monitor} section, validated. */
public record MonitorSettings(int accuracyWindowDays, int pricingWindowDays) {
    private static final String PREFIX = "nightshift.monitor.";

    public static MonitorSettings from(Config root) {
        Config c = root.getConfig("nightshift.monitor");
        return new MonitorSettings(
                ConfigValues.atLeast(c, PREFIX, "accuracy-window-days", 1),
                ConfigValues.atLeast(c, PREFIX, "pricing-window-days", 1));
    }
}
