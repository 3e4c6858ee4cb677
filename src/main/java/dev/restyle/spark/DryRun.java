package dev.restyle.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a run would do, from its plan alone ({@code --dry-run}): the pairs, those already done, those to
 * run and how many of them cannot, the waves and partitions, the work, and the problems by error class
 * with an example each. Computed by Spark over the plan, so a catalog of millions is summed on the
 * executors, not collected.
 */
final class DryRun {

  private static final String VALID = "";

  private DryRun() {}

  /**
   * A plan's figures, by error class ({@link #VALID} for the pairs that can run).
   *
   * @param iterations summed over the valid pairs; {@code pixelIterations} likewise, size² × iterations
   */
  record Figures(long pairs, long runnable, long iterations, double pixelIterations, List<Problem> problems) {}

  /** The pairs of one error class, with the first one's id and message as the example. */
  record Problem(String errorClass, long pairs, String examplePairId, String exampleMessage) {}

  /**
   * One Spark job over the plan: the pairs are first grouped by (error class, params_hash), so the JSON of
   * each distinct parameter set is read once, not once per pair, and only a handful of rows (one per error
   * class) reach the driver.
   */
  static Figures figures(Dataset<Row> plan) {
    Dataset<Row> byParams = plan
        .groupBy(coalesce(col("plan_error_class"), lit(VALID)).as("error_class"), col("params_hash"))
        .agg(count("*").as("pairs"), first("params_json").as("params_json"), first("pair_id").as("pair_id"),
            first("plan_error_message").as("message"));
    Column iterations = get_json_object(col("params_json"), "$.iterations").cast("long");
    Column size = get_json_object(col("params_json"), "$.size").cast("double");
    List<Row> classes = byParams.groupBy("error_class").agg(
        sum("pairs"),
        sum(col("pairs").multiply(iterations)),
        sum(col("pairs").cast("double").multiply(iterations.cast("double")).multiply(pow(size, 2))),
        first("pair_id"), first("message")).collectAsList();
    long pairs = 0;
    long runnable = 0;
    long iterationSum = 0;
    double pixelIterations = 0;
    List<Problem> problems = new ArrayList<>();
    for (Row row : classes) {
      long n = row.getLong(1);
      pairs += n;
      if (VALID.equals(row.getString(0))) {
        runnable = n;
        iterationSum = row.isNullAt(2) ? 0 : row.getLong(2);
        pixelIterations = row.isNullAt(3) ? 0 : row.getDouble(3);
      } else {
        problems.add(new Problem(row.getString(0), n, row.getString(4), row.getString(5)));
      }
    }
    problems.sort(Comparator.comparing(Problem::errorClass));
    return new Figures(pairs, runnable, iterationSum, pixelIterations, problems);
  }

  /** @param toRun the figures of the pairs left to run (after --skip-done), of {@code total} in the catalog */
  static String report(Figures toRun, long total, long waveSize, int partitions) {
    long remaining = toRun.pairs();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "dry run: %d pairs in the catalog, %d already done, %d to run, %d of "
        + "them invalid%n", total, total - remaining, remaining, remaining - toRun.runnable()));
    out.append(String.format(Locale.ROOT, "  waves: %d of at most %d pairs, %d partitions each%n",
        Waves.count(remaining, waveSize), waveSize, partitions));
    out.append(String.format(Locale.ROOT, "  work: %d iterations, %.1f megapixel-iterations (size² × iterations, "
        + "summed over the pairs to run)%n", toRun.iterations(), toRun.pixelIterations() / 1e6));
    for (Problem problem : toRun.problems()) {
      out.append(String.format(Locale.ROOT, "  problem: %s × %d, e.g. %s: %s%n", problem.errorClass(),
          problem.pairs(), problem.examplePairId(), problem.exampleMessage()));
    }
    return out.toString();
  }
}
