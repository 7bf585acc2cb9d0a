package io.nightshift.jobs.pricing;

import io.nightshift.common.config.PricingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a new price set may replace the live one. Pure: it judges counts the publisher measured in the
 * database. Some findings can be overridden with --force (an anomalous but deliberate change), others never
 * (a null, zero or duplicate price cannot be stored).
 */
public final class CircuitBreaker {
    private CircuitBreaker() {}

    /**
     * What the publisher measured, comparing the new set with the live table, and each row with its base price
     * ({@code withBase} rows carry one, {@code movedFromBase} of them move by more than the threshold from it;
     * {@code medianMoveFromBase} is measured for a first publish only, 0 otherwise).
     */
    public record Counts(
            long newRows,
            long duplicates,
            long nullOrZero,
            long belowCost,
            long aboveCap,
            long liveRows,
            long missing,
            long matched,
            long moved,
            long withBase,
            long movedFromBase,
            double medianMoveFromBase) {}

    /** The breaker's findings: empty when the set may be published. */
    public record Verdict(List<String> forceable, List<String> hard) {
        public boolean refused() {
            return !forceable.isEmpty() || !hard.isEmpty();
        }

        public String summary() {
            List<String> all = new ArrayList<>(hard);
            all.addAll(forceable);
            return String.join("; ", all);
        }
    }

    /**
     * With no live table (a first publish) the base prices are what customers saw, so the movement checks compare
     * with them: the share moving by more than the threshold, and the median move.
     *
     * @param compareWithLive false for a rollback: moving back and products differing from the live set are the point
     */
    public static Verdict judge(Counts c, PricingSettings.PublishSettings limits, boolean compareWithLive) {
        List<String> hard = new ArrayList<>();
        List<String> forceable = new ArrayList<>();
        if (c.newRows() == 0) {
            hard.add("the new price set is empty");
        }
        if (c.nullOrZero() > 0) {
            hard.add(c.nullOrZero() + " null or zero price(s)");
        }
        if (c.duplicates() > 0) {
            hard.add(c.duplicates() + " duplicate product(s)");
        }
        if (c.belowCost() > 0) {
            forceable.add(c.belowCost() + " price(s) below cost");
        }
        if (c.aboveCap() > 0) {
            forceable.add(c.aboveCap() + " price(s) above cap");
        }
        if (compareWithLive && c.liveRows() > 0) {
            double missingShare = c.missing() / (double) c.liveRows();
            if (missingShare > limits.missingShareLimit()) {
                forceable.add(String.format(
                        Locale.ROOT,
                        "%s of the live products (%d of %d) are missing (limit %s)",
                        percent(missingShare),
                        c.missing(),
                        c.liveRows(),
                        percent(limits.missingShareLimit())));
            }
            if (c.matched() > 0) {
                double movedShare = c.moved() / (double) c.matched();
                if (movedShare > limits.movedShareLimit()) {
                    forceable.add(String.format(
                            Locale.ROOT,
                            "%s of the products (%d of %d) move by more than %s (limit %s)",
                            percent(movedShare),
                            c.moved(),
                            c.matched(),
                            percent(limits.moveThreshold()),
                            percent(limits.movedShareLimit())));
                }
            }
        }
        if (compareWithLive && c.liveRows() == 0 && c.withBase() > 0) {
            double movedShare = c.movedFromBase() / (double) c.withBase();
            if (movedShare > limits.movedShareLimit()) {
                forceable.add(String.format(
                        Locale.ROOT,
                        "first publish: %s of the products (%d of %d) move by more than %s from their base price (limit %s)",
                        percent(movedShare),
                        c.movedFromBase(),
                        c.withBase(),
                        percent(limits.moveThreshold()),
                        percent(limits.movedShareLimit())));
            }
            if (c.medianMoveFromBase() > limits.moveThreshold()) {
                forceable.add(String.format(
                        Locale.ROOT,
                        "first publish: the median price moves %s from base (limit %s)",
                        percent(c.medianMoveFromBase()),
                        percent(limits.moveThreshold())));
            }
        }
        return new Verdict(List.copyOf(forceable), List.copyOf(hard));
    }

    static String percent(double share) {
        double p = share * 100;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p))
                + "%";
    }
}
