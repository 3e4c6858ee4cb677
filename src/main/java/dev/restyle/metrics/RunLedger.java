package dev.restyle.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import java.io.IOException;
import dev.restyle.support.ErrorClass;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a run has already done, from its own metrics: the pairs with a SUCCEEDED (or an EXECUTOR_LOST) row
 * for the same run_id and the same effective parameters. Rerunning a finished or crashed run does only the
 * rest.
 */
public final class RunLedger {

  private RunLedger() {}

  /**
   * The (pair_id, params_hash) of the pairs not to run again: those with a SUCCEEDED row, and unless
   * {@code retryLost}, those whose executor died twice while running them (an EXECUTOR_LOST row): a pair
   * that kills its executor would otherwise do it again on every rerun. A REUSED row counts as SUCCEEDED: the
   * run already points at an output for that pair.
   */
  public static Dataset<Row> done(SparkSession spark, Configuration conf, String metricsDir, String runId,
      boolean retryLost) throws IOException {
    Path runPartition = new Path(metricsDir, "run_id=" + runId);
    FileSystem fs = runPartition.getFileSystem(conf);
    if (!fs.exists(runPartition)) {
      return null;
    }
    return spark.read().option("basePath", metricsDir).parquet(runPartition.toString())
        .where(retryLost ? finished()
            : finished().or(col("error_class").equalTo(lit(ErrorClass.EXECUTOR_LOST.name()))))
        .select(col("pair_id"), col("params_hash"))
        .distinct();
  }

  private static Column finished() {
    return col("status").isin(RunStatus.SUCCEEDED.name(), RunStatus.REUSED.name());
  }

  /**
   * The SUCCEEDED rows of every other run under the metrics with these weights and recorded input versions,
   * the one to finish last for each (content, style, params_hash, input_versions): what a run may reuse
   * instead of optimizing again. Rows written before versions were recorded have none and are never reused.
   * Null when there are no metrics yet.
   */
  public static Dataset<Row> earlierOutputs(SparkSession spark, Configuration conf, String metricsDir, String runId,
      String weightsId) throws IOException {
    Path metrics = new Path(metricsDir);
    FileSystem fs = metrics.getFileSystem(conf);
    if (!fs.exists(metrics)) {
      return null;
    }
    // The schema as it is now: runs written before a column existed read as nulls there.
    Dataset<Row> rows = spark.read().schema(MetricsSchema.SCHEMA).parquet(metricsDir)
        .where(col("status").equalTo(lit(RunStatus.SUCCEEDED.name()))
            .and(col("run_id").notEqual(lit(runId)))
            .and(col("weights_id").equalTo(lit(weightsId)))
            .and(col("input_versions").isNotNull())
            .and(col("output_uri").isNotNull()));
    return rows.groupBy(java.util.Arrays.stream(REUSE_KEY).map(org.apache.spark.sql.functions::col)
            .toArray(Column[]::new))
        .agg(max_by(struct(col("*")), col("finished_at")).as("latest"))
        .select("latest.*");
  }

  /** What makes two results the same: the inputs and their versions, and the effective parameters. */
  public static final String[] REUSE_KEY = {"content_uri", "style_uri", "params_hash", "input_versions"};
}
