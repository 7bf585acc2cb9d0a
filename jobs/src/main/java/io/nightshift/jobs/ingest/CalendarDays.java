package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** silver.calendar: weekday, the shop's public holidays (jollyday) and the external factors as of each day. */
public final class CalendarDays {
    /** The indicators the calendar carries, each its own column. */
    public static final List<String> INDICATORS = List.of("consumer_confidence", "cpi");

    private static final StructType HOLIDAYS = new StructType()
            .add("day", DataTypes.DateType, false)
            .add("day_of_week", DataTypes.IntegerType, false)
            .add("is_holiday", DataTypes.BooleanType, false)
            .add("holiday_name", DataTypes.StringType, true);

    private CalendarDays() {}

    /** The days from..to with their public holidays in the country (and optional region). */
    public static Dataset<Row> holidays(
            SparkSession spark, LocalDate from, LocalDate to, String country, String region) {
        Map<LocalDate, String> names = holidayNames(from, to, country, region);
        List<Row> rows = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            String name = names.get(day);
            rows.add(RowFactory.create(Date.valueOf(day), day.getDayOfWeek().getValue(), name != null, name));
        }
        return spark.createDataFrame(rows, HOLIDAYS);
    }

    /** The public holidays from..to in the country (and optional region), by day; one day's names joined by "; ". */
    public static Map<LocalDate, String> holidayNames(LocalDate from, LocalDate to, String country, String region) {
        HolidayManager manager = HolidayManager.getInstance(ManagerParameters.create(country));
        Map<LocalDate, String> names = new TreeMap<>();
        String[] regions =
                region == null || region.isBlank() ? new String[0] : new String[] {region.toLowerCase(Locale.ROOT)};
        for (Holiday holiday : manager.getHolidays(from, to, regions)) {
            names.merge(holiday.getDate(), holiday.getDescription(Locale.ENGLISH), (a, b) -> a + "; " + b);
        }
        return names;
    }

    /**
     * Adds each indicator's latest value on or before the day (cpi is monthly, confidence on weekdays).
     *
     * @param indicators day, indicator, value rows (accepted economic indicators), possibly empty
     */
    public static Dataset<Row> withIndicators(Dataset<Row> holidays, Dataset<Row> indicators) {
        Dataset<Row> wide = indicators
                .groupBy("day")
                .pivot("indicator", new ArrayList<>(INDICATORS))
                .agg(first("value"));
        Dataset<Row> joined = holidays.join(wide, new String[] {"day"}, "full_outer");
        for (String indicator : INDICATORS) {
            // As-of: the last known value up to this day (ignoring nulls).
            // One partition on purpose: a calendar is a few hundred rows.
            joined = joined.withColumn(
                    indicator,
                    last(col(indicator), true)
                            .over(Window.partitionBy(lit(0))
                                    .orderBy("day")
                                    .rowsBetween(Window.unboundedPreceding(), Window.currentRow()))
                            .cast("double"));
        }
        return holidays.select("day")
                .join(joined, new String[] {"day"}, "left")
                .select("day", "day_of_week", "is_holiday", "holiday_name", "consumer_confidence", "cpi");
    }
}
