package dev.restyle.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a finished run's metrics say about its efficiency: the rows, the pairs' own time (sum of
 * {@code duration_ms}: fetch, optimize, write, as each pair measured itself), and the Parquet files the
 * run's partition holds.
 */
public record ScaleFigures(long rows, double pairSeconds, int files) {

  public static ScaleFigures of(SparkSession spark, String metricsDir, String runId) throws IOException {
    Path partition = new Path(metricsDir, "run_id=" + runId);
    Row totals = spark.read().parquet(partition.toString())
        .agg(org.apache.spark.sql.functions.count("*"), sum(col("duration_ms"))).first();
    FileSystem fs = partition.getFileSystem(spark.sparkContext().hadoopConfiguration());
    int files = 0;
    for (FileStatus file : fs.listStatus(partition)) {
      String name = file.getPath().getName();
      files += file.isFile() && name.endsWith(".parquet") ? 1 : 0;
    }
    return new ScaleFigures(totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1) / 1000.0, files);
  }

  /** The pairs' own time over what the task slots could have done in {@code wallSeconds}. */
  public double slotFraction(double wallSeconds, int slots) {
    return pairSeconds / (wallSeconds * slots);
  }
}
