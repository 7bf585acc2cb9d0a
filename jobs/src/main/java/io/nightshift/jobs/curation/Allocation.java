package io.nightshift.jobs.curation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fills every box from its customer's candidates at once, under the box rules and the stock, by the exact
 * fair-round rule of {@link FairRounds}:
 * <ul>
 *   <li>Fair rounds: nobody gets an (n+1)th item while a customer who can still get an nth item has not,
 *       so nobody's box is filled with scarce products before everyone has had their first pick.</li>
 *   <li>In each pass every customer of the current round proposes their best feasible candidate: in stock,
 *       not yet in their box, under the category cap and within the box's value ceiling.</li>
 *   <li>A product proposed more often than it has units goes where it adds the most total score: to the
 *       proposers who would lose most by taking their next-best candidate instead (score minus next score),
 *       then the higher score, then the stable hash. The others propose again in the next pass.</li>
 * </ul>
 * The rounds couple every box through the stock, so they run in one place: the candidates (already cut to
 * the best few per category by the scorer), with the stock of the products among them, are streamed to the
 * driver one partition at a time into primitive arrays, about 40 bytes a candidate (100,000 subscribers x 54
 * candidates: about 220 MB), and each pass costs only the customers still proposing in it. Earlier this was a chain of
 * Spark joins and windows over the whole
 * pool per pass, which took minutes per pass once stock was contended. Inputs: candidates
 * ({@link Candidates#SCHEMA}), boxes (customer_id, product_limit, value_max) and units (product_id,
 * units_available).
 */
public final class Allocation {
    private static final StructType GRANTED = new StructType()
            .add("customer_id", DataTypes.StringType, false)
            .add("product_id", DataTypes.IntegerType, false);

    /** The chosen rows (the candidates' columns plus box_rank), how many passes it took, whether it finished. */
    public record Result(Dataset<Row> items, int passes, boolean finished) {}

    private Allocation() {}

    public static Result allocate(
            Dataset<Row> candidates, Dataset<Row> boxes, Dataset<Row> units, int maxPerCategory, int maxPasses) {
        FairRounds rounds = new FairRounds(maxPerCategory, maxPasses);
        Iterator<Row> boxRows = boxes.select(
                        col("customer_id"),
                        col("product_limit"),
                        col("value_max").cast("double"))
                .toLocalIterator();
        while (boxRows.hasNext()) {
            Row r = boxRows.next();
            rounds.box(r.getString(0), r.isNullAt(1) ? 0 : r.getInt(1), r.isNullAt(2) ? null : r.getDouble(2));
        }
        // Only the stock of products someone may get: the rest of the catalogue never reaches the driver.
        Iterator<Row> unitRows = units.join(candidates.select("product_id").distinct(), "product_id", "left_semi")
                .select(col("product_id"), col("units_available"))
                .toLocalIterator();
        while (unitRows.hasNext()) {
            Row r = unitRows.next();
            if (!r.isNullAt(0) && !r.isNullAt(1)) {
                rounds.units(r.getInt(0), r.getInt(1));
            }
        }
        Iterator<Row> candidateRows = candidates
                .select("customer_id", "product_id", "category", "price", "curation_score", "tie_break")
                .toLocalIterator();
        while (candidateRows.hasNext()) {
            Row r = candidateRows.next();
            rounds.candidate(r.getString(0), r.getInt(1), r.getString(2), r.getDouble(3), r.getDouble(4), r.getLong(5));
        }
        FairRounds.Outcome outcome = rounds.allocate();
        List<Row> granted = new ArrayList<>(outcome.grants().size());
        for (FairRounds.Grant g : outcome.grants()) {
            granted.add(RowFactory.create(g.customerId(), g.productId()));
        }
        SparkSession spark = candidates.sparkSession();
        int slices = Math.max(1, Math.min(spark.sparkContext().defaultParallelism(), granted.size() / 50_000 + 1));
        Dataset<Row> chosen = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(granted, slices), GRANTED);
        WindowSpec inBox =
                Window.partitionBy("customer_id").orderBy(col("curation_score").desc(), col("tie_break"));
        Dataset<Row> items = candidates
                .join(chosen, new String[] {"customer_id", "product_id"})
                .withColumn("box_rank", row_number().over(inBox));
        return new Result(items, outcome.passes(), outcome.finished());
    }
}
