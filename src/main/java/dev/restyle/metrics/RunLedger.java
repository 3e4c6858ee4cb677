package dev.restyle.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import dev.restyle.support.ErrorClass;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
   * that kills its executor would otherwise do it again on every rerun.
   */
  public static Dataset<Row> done(SparkSession spark, Configuration conf, String metricsDir, String runId,
      boolean retryLost) throws IOException {
    Path runPartition = new Path(metricsDir, "run_id=" + runId);
    FileSystem fs = runPartition.getFileSystem(conf);
    if (!fs.exists(runPartition)) {
      return null;
    }
    return spark.read().option("basePath", metricsDir).parquet(runPartition.toString())
        .where(retryLost ? col("status").equalTo(lit(RunStatus.SUCCEEDED.name()))
            : col("status").equalTo(lit(RunStatus.SUCCEEDED.name()))
                .or(col("error_class").equalTo(lit(ErrorClass.EXECUTOR_LOST.name()))))
        .select(col("pair_id"), col("params_hash"))
        .distinct();
  }
}
