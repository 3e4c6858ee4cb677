package dev.restyle.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a run has already done, from its own metrics: the pairs with a SUCCEEDED row for the same
 * run_id and the same effective parameters. Rerunning a finished or crashed run does only the rest.
 */
public final class RunLedger {

  private RunLedger() {}

  public static Dataset<Row> succeeded(SparkSession spark, Configuration conf, String metricsDir, String runId)
      throws IOException {
    Path runPartition = new Path(metricsDir, "run_id=" + runId);
    FileSystem fs = runPartition.getFileSystem(conf);
    if (!fs.exists(runPartition)) {
      return null;
    }
    return spark.read().option("basePath", metricsDir).parquet(runPartition.toString())
        .where(col("status").equalTo(lit(RunStatus.SUCCEEDED.name())))
        .select(col("pair_id"), col("params_hash"))
        .distinct();
  }
}
