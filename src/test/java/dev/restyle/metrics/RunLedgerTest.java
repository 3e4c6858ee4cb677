package dev.restyle.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.support.ErrorClass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which pairs a rerun of a run id does not run again, from rows shaped as the job writes them. The row a pair
 * gets when its executor died twice (EXECUTOR_LOST) is made on a real cluster by ClusterJobIT's guards test;
 * here the ledger's rule over it is checked exactly, with --retry-lost as its control.
 */
class RunLedgerTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[1]").appName("run-ledger").config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aRerunSkipsFinishedAndReusedPairsAndThoseThatKilledTheirExecutorUnlessRetryLost(@TempDir Path dir)
      throws IOException {
    String metrics = dir.resolve("metrics").toString();
    List<Row> rows = List.of(
        row("r1", "done", "h").succeeded("file:/out/done.png").toRow(),
        row("r1", "poison", "h").failed(ErrorClass.EXECUTOR_LOST, "the executor running this pair died 2 times")
            .toRow(),
        row("r1", "huge", "h").failed(ErrorClass.RESOURCE_LIMIT, "the pair needs about 378.5 GiB").toRow(),
        row("r1", "reused", "h").succeeded("file:/out/earlier.png").toRow(),
        row("r1", "changed", "h2").succeeded("file:/out/changed.png").toRow(),
        row("r2", "other-run", "h").succeeded("file:/out/other.png").toRow());
    Dataset<Row> written = spark.createDataFrame(rows, MetricsSchema.SCHEMA)
        .withColumn("status", when(col("pair_id").equalTo("reused"), lit(RunStatus.REUSED.name()))
            .otherwise(col("status")));
    written.write().partitionBy("run_id").parquet(metrics);

    assertThat(done(metrics, "r1", false))
        .containsExactly("changed/h2", "done/h", "poison/h", "reused/h");
    assertThat(done(metrics, "r1", true)).as("the control: --retry-lost runs the poison pair again")
        .containsExactly("changed/h2", "done/h", "reused/h");
    assertThat(RunLedger.done(spark, spark.sparkContext().hadoopConfiguration(), metrics, "r3", false))
        .as("a run id with no metrics yet").isNull();
  }

  private static List<String> done(String metrics, String runId, boolean retryLost) throws IOException {
    return RunLedger.done(spark, spark.sparkContext().hadoopConfiguration(), metrics, runId, retryLost)
        .orderBy("pair_id").collectAsList().stream()
        .map(row -> row.getString(0) + "/" + row.getString(1)).toList();
  }

  private static MetricsRow row(String runId, String pairId, String paramsHash) {
    return MetricsRow.of(runId, pairId, "file:/in/" + pairId + ".png", "file:/in/style.png")
        .params("{\"size\":32}", paramsHash);
  }
}
