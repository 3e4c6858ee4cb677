package dev.restyle.metrics;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The {@code restyle_runs} view analysts query: every metrics row of every run under a location. */
public final class MetricsView {

  public static final String NAME = "restyle_runs";

  private MetricsView() {}

  public static Dataset<Row> register(SparkSession spark, String metricsUri) {
    // run_id values like 2026-11-22 stay strings instead of being inferred as dates.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    // mergeSchema: runs written before a column was added (e.g. loss_history.scale) read as nulls there.
    Dataset<Row> runs = spark.read().option("mergeSchema", "true").parquet(metricsUri);
    runs.createOrReplaceTempView(NAME);
    return runs;
  }
}
