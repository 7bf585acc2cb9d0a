package io.nightshift.jobs.forecast.model;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Target encodings of the global model, from one training's rows only: the mean target (log1p units over the recent
 * level, i.e. how a series' future tends to depart from its level) of the series, of its group, and of its group in
 * the target's calendar slot, each shrunk toward the mean of all rows with a prior weight of {@link #PRIOR_ROWS} rows.
 * Training rows get the same encodings as the rows forecast later (their own target is one of hundreds in the
 * mean). Not leave-one-out: a series' leave-one-out mean is its full sum minus the row's own target, from which the
 * trees decoded the target exactly (in a test, the promotion lift they learnt fell from x2 to x1.13).
 */
final class Encodings implements Serializable {
    private static final long serialVersionUID = 1L;
    static final double PRIOR_ROWS = 50;

    private final Map<String, double[]> series = new HashMap<>();
    private final Map<String, double[]> groups = new HashMap<>();
    private final Map<String, double[]> slots = new HashMap<>();
    private double total;
    private long rows;

    void add(String seriesId, String group, int slot, double target) {
        add(series, seriesId, target);
        add(groups, group, target);
        add(slots, group + '\u0000' + slot, target);
        total += target;
        rows++;
    }

    private static void add(Map<String, double[]> map, String key, double target) {
        double[] sums = map.computeIfAbsent(key, k -> new double[2]);
        sums[0] += target;
        sums[1]++;
    }

    /** Writes the three encodings at {@code out[offset..]}. */
    void fill(String seriesId, String group, int slot, float[] out, int offset) {
        double prior = rows == 0 ? 0 : total / rows;
        out[offset] = (float) shrunk(series.get(seriesId), prior);
        out[offset + 1] = (float) shrunk(groups.get(group), prior);
        out[offset + 2] = (float) shrunk(slots.get(group + '\u0000' + slot), prior);
    }

    private static double shrunk(double[] sums, double prior) {
        double sum = sums == null ? 0 : sums[0];
        double count = sums == null ? 0 : sums[1];
        return (sum + PRIOR_ROWS * prior) / (count + PRIOR_ROWS);
    }
}
