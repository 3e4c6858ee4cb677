package dev.restyle.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a run would do, from its plan alone ({@code --dry-run}): the pairs, those already done, those to
 * run and how many of them cannot, the waves and partitions, the work, and the problems by error class
 * with an example each. Computed by Spark over the plan, so a catalog of millions is summed on the
 * executors, not collected.
 */
final class DryRun {

  private DryRun() {}

  static String report(Dataset<Row> todo, long total, long remaining, long waveSize, int partitions) {
    Dataset<Row> valid = todo.where(col("plan_error_class").isNull());
    Row work = valid.select(
        count("*"),
        sum(get_json_object(col("params_json"), "$.iterations").cast("long")),
        sum(get_json_object(col("params_json"), "$.iterations").cast("double")
            .multiply(pow(get_json_object(col("params_json"), "$.size").cast("double"), 2)))).first();
    long runnable = work.getLong(0);
    long iterations = work.isNullAt(1) ? 0 : work.getLong(1);
    double pixelIterations = work.isNullAt(2) ? 0 : work.getDouble(2);
    List<Row> problems = todo.where(col("plan_error_class").isNotNull()).groupBy("plan_error_class")
        .agg(count("*"), first("pair_id"), first("plan_error_message")).orderBy(col("plan_error_class")).collectAsList();

    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "dry run: %d pairs in the catalog, %d already done, %d to run, %d of "
        + "them invalid%n", total, total - remaining, remaining, remaining - runnable));
    out.append(String.format(Locale.ROOT, "  waves: %d of at most %d pairs, %d partitions each%n",
        Waves.count(remaining, waveSize), waveSize, partitions));
    out.append(String.format(Locale.ROOT, "  work: %d iterations, %.1f megapixel-iterations (size² × iterations, "
        + "summed over the pairs to run)%n", iterations, pixelIterations / 1e6));
    for (Row problem : problems) {
      out.append(String.format(Locale.ROOT, "  problem: %s × %d, e.g. %s: %s%n", problem.getString(0),
          problem.getLong(1), problem.getString(2), problem.getString(3)));
    }
    return out.toString();
  }
}
