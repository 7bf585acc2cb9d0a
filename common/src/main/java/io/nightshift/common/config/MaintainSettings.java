package io.nightshift.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;

/**
 * {@code nightshift.maintain}: what {@code bin/pipeline maintain} does to every Delta table. A retention below
 * Delta's safe default (7 days, 168 h) is refused unless {@code allow-unsafe-retention} says otherwise: a
 * reader or a writer that started before the cut-off could still need the files VACUUM deletes.
 */
public record MaintainSettings(
        boolean optimize,
        List<String> zorderBy,
        int minFilesToOptimize,
        boolean vacuum,
        double retentionHours,
        boolean allowUnsafeRetention) {

    /** Delta's default {@code delta.deletedFileRetentionDuration}: 7 days. */
    public static final double SAFE_RETENTION_HOURS = 168;

    public MaintainSettings {
        zorderBy = List.copyOf(zorderBy);
        if (retentionHours < 0) {
            throw new InvalidConfigException(
                    "nightshift.maintain.retention-hours", "must not be negative, got " + retentionHours);
        }
        if (retentionHours < SAFE_RETENTION_HOURS && !allowUnsafeRetention) {
            throw new InvalidConfigException(
                    "nightshift.maintain.retention-hours",
                    retentionHours
                            + " h is below Delta's safe retention of 168 h (readers and writers of older versions may still need those files);"
                            + " set nightshift.maintain.allow-unsafe-retention = true to go lower");
        }
        if (minFilesToOptimize < 1) {
            throw new InvalidConfigException(
                    "nightshift.maintain.min-files-to-optimize", "must be at least 1, got " + minFilesToOptimize);
        }
    }

    public static MaintainSettings from(Config raw) {
        try {
            Config c = raw.getConfig("nightshift.maintain");
            return new MaintainSettings(
                    c.getBoolean("optimize"),
                    c.getStringList("zorder-by"),
                    c.getInt("min-files-to-optimize"),
                    c.getBoolean("vacuum"),
                    c.getDouble("retention-hours"),
                    c.getBoolean("allow-unsafe-retention"));
        } catch (ConfigException e) {
            throw new InvalidConfigException(
                    "nightshift.maintain", e.getMessage().replaceAll("\\s+", " "));
        }
    }
}
