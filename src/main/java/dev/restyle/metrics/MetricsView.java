package dev.restyle.metrics;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The views analysts query over every run under a metrics location: {@value #ATTEMPTS}, every row ever
 * written (a forced rerun, a FAILED pair tried again), once even while its file is being compacted, and {@value #NAME}, exactly one row per
 * (run_id, pair_id): its latest attempt.
 */
public final class MetricsView {

  public static final String NAME = "restyle_runs";
  public static final String ATTEMPTS = "restyle_attempts";

  /**
   * The latest attempt of each pair in each run: the last to finish, and on a tie the SUCCEEDED one. Plain
   * SQL over {@value #ATTEMPTS}, so the notebook defines {@value #NAME} with the very same text.
   */
  public static final String LATEST_ATTEMPT_SQL = "SELECT latest.* FROM (SELECT max_by(struct(*), "
      + "struct(finished_at, status = 'SUCCEEDED')) AS latest FROM " + ATTEMPTS + " GROUP BY run_id, pair_id)";

  private MetricsView() {}

  /** Registers both views; returns {@value #NAME}'s rows. */
  public static Dataset<Row> register(SparkSession spark, String metricsUri) {
    // run_id values like 2026-11-22 stay strings instead of being inferred as dates.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    // mergeSchema: runs written before a column was added (e.g. loss_history.scale) read as nulls there.
    // distinct: while a run's files are compacted, or after two compactions at once, a reader may see a
    // row and its exact copy (spark/RunCompaction); one attempt is one row whatever the files.
    spark.read().option("mergeSchema", "true").parquet(metricsUri).distinct().createOrReplaceTempView(ATTEMPTS);
    Dataset<Row> runs = spark.sql(LATEST_ATTEMPT_SQL);
    runs.createOrReplaceTempView(NAME);
    return runs;
  }
}
