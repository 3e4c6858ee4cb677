package dev.restyle.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageFormat;
import dev.restyle.image.Orientation;
import dev.restyle.support.ErrorClass;
import dev.restyle.transfer.LossValues;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.PictureQuality;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restyle_runs holds one row per (run_id, pair_id), the latest attempt; restyle_attempts holds them all. */
class MetricsViewTest {

  private static final Instant T = Instant.parse("2026-11-22T02:00:00Z");

  @TempDir
  static Path dir;

  private static SparkSession spark;

  @BeforeAll
  static void writeAttempts() {
    spark = SparkSession.builder().master("local[1]").appName("metrics-view").config("spark.ui.enabled", "false")
        .getOrCreate();
    List<Row> rows = List.of(
        // failed first, then succeeded on a rerun of the same run id
        failed("r1", "fixed", 0),
        succeeded("r1", "fixed", 60, 2.0),
        // a forced rerun: two SUCCEEDED rows, the later one is the record
        succeeded("r1", "forced", 10, 5.0),
        succeeded("r1", "forced", 70, 4.0),
        // the same pair id in another run is another row
        succeeded("r2", "fixed", 5, 3.0),
        // still failing
        failed("r1", "broken", 0),
        failed("r1", "broken", 30));
    spark.createDataFrame(rows, MetricsSchema.SCHEMA).write().partitionBy("run_id")
        .parquet(dir.resolve("metrics").toString());
    MetricsView.register(spark, dir.resolve("metrics").toString());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theRunsViewHasOneRowPerPairPerRunItsLatestAttempt() {
    List<Row> runs = spark.sql("SELECT run_id, pair_id, status, total_loss FROM restyle_runs ORDER BY run_id, pair_id")
        .collectAsList();

    assertThat(runs).extracting(Row::toString).containsExactly(
        "[r1,broken,FAILED,null]", "[r1,fixed,SUCCEEDED,2.0]", "[r1,forced,SUCCEEDED,4.0]", "[r2,fixed,SUCCEEDED,3.0]");
  }

  @Test
  void theAttemptsViewKeepsEveryRowWritten() {
    assertThat(spark.sql("SELECT count(*) FROM restyle_attempts").first().getLong(0)).isEqualTo(7);
    assertThat(spark.sql("SELECT count(*) FROM restyle_attempts WHERE pair_id = 'forced'").first().getLong(0))
        .isEqualTo(2);
  }

  @Test
  void aFailureQueryCountsAPairOnceAndNotAfterItSucceeded() {
    List<Row> failures = spark.sql("SELECT error_class, count(*) AS pairs FROM restyle_runs WHERE status = 'FAILED' "
        + "GROUP BY error_class").collectAsList();

    assertThat(failures).extracting(Row::toString).containsExactly("[INPUT_NOT_FOUND,1]");
  }

  @Test
  void runsWrittenBeforeTheQualityColumnsReadAsNullThereNextToNewOnes() {
    String mixed = dir.resolve("mixed").toString();
    // A run written before content_ssim, loss_ratio and flags existed, then one written with them.
    spark.createDataFrame(List.of(succeeded("old", "p", 10, 2.0)), MetricsSchema.SCHEMA)
        .drop("content_ssim", "loss_ratio", "flags").write().partitionBy("run_id").parquet(mixed);
    spark.createDataFrame(List.of(succeeded("new", "p", 10, 2.0)), MetricsSchema.SCHEMA).write().mode("append")
        .partitionBy("run_id").parquet(mixed);
    SparkSession own = spark.newSession(); // its own views, so the other tests keep theirs

    MetricsView.register(own, mixed);

    assertThat(own.sql("SELECT run_id, content_ssim, loss_ratio, flags, total_loss FROM restyle_runs ORDER BY run_id")
        .collectAsList()).extracting(Row::toString)
        .containsExactly("[new,0.5,0.2222222222222222,ArraySeq(),2.0]", "[old,null,null,null,2.0]");
    // A query over the new columns counts the old run's pairs as unflagged, not as an error.
    assertThat(own.sql("SELECT run_id, size(flags) > 0 AS flagged FROM restyle_runs ORDER BY run_id").collectAsList())
        .extracting(Row::toString).containsExactly("[new,false]", "[old,null]");
  }

  private static Row succeeded(String run, String pair, int second, double loss) {
    PairResult result = new PairResult(new byte[0], ImageFormat.PNG, 32, 32, new LossValues(1, 1, 0, 9),
        new LossValues(1, 1, 0, loss), new LossValues(1, 1, 0, loss), List.of(), 2, 100, 1.0, false, Orientation.NORMAL,
        new PictureQuality(0.5, 40));
    return MetricsRow.of(run, pair, "c.png", "s.png").params("{}", "h").succeeded("o.png").model("w", 1)
        .result(result).execution("cpu()", "driver", "host", 0).timing(T, T.plusSeconds(second)).toRow();
  }

  private static Row failed(String run, String pair, int second) {
    return MetricsRow.of(run, pair, "c.png", "s.png").params("{}", "h")
        .failed(ErrorClass.INPUT_NOT_FOUND, "c.png does not exist").execution("cpu()", "driver", "host", 0)
        .timing(T, T.plusSeconds(second)).toRow();
  }
}
