package dev.restyle.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

import dev.restyle.metrics.MetricsSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * The report's rows: {@code restyle_runs} (optionally one run), without the loss histories, kept by Spark
 * (memory, then disk) while the sections aggregate them, so the view's deduplication runs once, not once
 * per section. Registered as {@value #VIEW}; two derived columns: {@code ratio}, the final over the initial
 * total loss (computed for runs written before {@code loss_ratio} existed), and {@code flag_count}.
 */
final class ReportPairs implements AutoCloseable {

  static final String VIEW = "restyle_report_pairs";
  /** Failure messages are cut here: a report shows examples, not stack traces. */
  static final int MESSAGE_CHARS = 400;

  private static final List<String> COLUMNS = List.of("run_id", "pair_id", "status", "error_class", "content_uri",
      "style_uri", "output_uri", "content_loss", "style_loss", "total_loss", "initial_total_loss",
      "last_iterate_total_loss", "written_loss_ratio", "content_ssim", "loss_ratio", "flags", "duration_ms",
      "iterations", "device", "weights_id", "started_at", "finished_at");

  /** Final over initial total loss: the column where the run has it, else computed the same way. */
  static final String RATIO =
      "coalesce(loss_ratio, CASE WHEN initial_total_loss > 0 THEN total_loss / initial_total_loss END)";

  private final Dataset<Row> rows;

  private ReportPairs(Dataset<Row> rows) {
    this.rows = rows;
  }

  static ReportPairs of(SparkSession spark, Dataset<Row> runs) {
    List<Column> select = new ArrayList<>();
    COLUMNS.forEach(c -> select.add(col(c)));
    select.add(substring(col("error_message"), 1, MESSAGE_CHARS).as("error_message"));
    select.add(expr(RATIO).as("ratio"));
    select.add(expr("CASE WHEN flags IS NULL THEN 0 ELSE size(flags) END").as("flag_count"));
    // The view's GROUP BY leaves spark.sql.shuffle.partitions (200 by default) partitions, and AQE may not
    // coalesce a cached plan's: every section would then scan 200 partitions, most of them empty, which
    // made a two-pair report take half a minute on local[1]. The cluster's parallelism is enough.
    int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> rows = withEveryColumn(runs).select(select.toArray(Column[]::new)).coalesce(partitions)
        .persist(StorageLevel.MEMORY_AND_DISK());
    rows.createOrReplaceTempView(VIEW);
    return new ReportPairs(rows);
  }

  /**
   * Every column of today's schema: one a run was written without (it predates the column) reads as a
   * null of the column's type, so the report's SQL runs over any mix of runs.
   */
  static Dataset<Row> withEveryColumn(Dataset<Row> runs) {
    List<String> present = Arrays.asList(runs.columns());
    Dataset<Row> complete = runs;
    for (StructField field : MetricsSchema.SCHEMA.fields()) {
      if (!present.contains(field.name())) {
        complete = complete.withColumn(field.name(), lit(null).cast(field.dataType()));
      }
    }
    return complete;
  }

  @Override
  public void close() {
    rows.sparkSession().catalog().dropTempView(VIEW);
    rows.unpersist();
  }
}
