package dev.restyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageFormat;
import dev.restyle.image.Orientation;
import dev.restyle.metrics.MetricsRow;
import dev.restyle.metrics.MetricsSchema;
import dev.restyle.support.ErrorClass;
import dev.restyle.transfer.HistoryPoint;
import dev.restyle.transfer.LossValues;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.PictureQuality;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `restyle sql` and `restyle report` as a user calls them, over metrics in the job's own schema. */
class AnalystCommandsTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeMetrics() {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("metrics-writer")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      Instant t = Instant.parse("2026-11-22T02:15:00Z");
      PairResult ok = new PairResult(new byte[0], ImageFormat.PNG, 64, 48, new LossValues(0.0, 1e-6, 0.0, 1.0),
          new LossValues(0.1, 2e-6, 0.0, 2.1), new LossValues(0.1, 2e-6, 0.0, 2.1), List.of(new HistoryPoint(1, 64, new LossValues(0.0, 1e-6, 0.0, 1.0))),
          10, 1000, 5.0, false, Orientation.NORMAL,
        new PictureQuality(0.5, 40));
      List<Row> rows = List.of(
          MetricsRow.of("n1", "ok", "c.png", "s.png").params("{}", "h").succeeded(null).model("w", 10).result(ok)
              .execution("cpu()", "driver", "host", 0).timing(t, t.plusMillis(1000)).toRow(),
          MetricsRow.of("n1", "bad", "x.png", "s.png").params("{}", "h")
              .failed(ErrorClass.INPUT_NOT_FOUND, "x.png does not exist").execution("cpu()", "driver", "host", 0)
              .timing(t, t.plusMillis(5)).toRow());
      spark.createDataFrame(rows, MetricsSchema.SCHEMA).write().partitionBy("run_id")
          .parquet(dir.resolve("metrics").toString());
    } finally {
      spark.stop();
    }
  }

  @Test
  void sqlRunsOneQueryOverTheRestyleRunsView() {
    Streams streams = new Streams();
    int code = new SqlCommand().run(new String[] {"--metrics", dir.resolve("metrics").toString(), "--query",
        "SELECT pair_id, status, error_class FROM restyle_runs ORDER BY pair_id"}, streams.out, streams.err);
    assertThat(code).as(streams.err()).isZero();
    assertThat(streams.out().lines().toList()).containsExactly(
        "pair_id | status    | error_class    ",
        "--------+-----------+----------------",
        "bad     | FAILED    | INPUT_NOT_FOUND",
        "ok      | SUCCEEDED | NULL           ",
        "(2 rows)");
  }

  @Test
  void sqlReportsBadQueriesBadConfAndMissingMetrics() {
    Streams bad = new Streams();
    assertThat(new SqlCommand().run(new String[] {"--metrics", dir.resolve("metrics").toString(), "--query",
        "SELECT nope FROM restyle_runs"}, bad.out, bad.err)).isEqualTo(1);
    assertThat(bad.err()).startsWith("restyle sql: ").contains("nope");
    Streams conf = new Streams();
    assertThat(new SqlCommand().run(new String[] {"--metrics", "m", "--conf", "novalue"}, conf.out, conf.err))
        .isEqualTo(2);
    assertThat(conf.err()).contains("--conf 'novalue' is invalid; allowed: KEY=VALUE");
    Streams missing = new Streams();
    assertThat(new SqlCommand().run(new String[] {"--metrics", dir.resolve("absent").toString(), "--query",
        "SELECT 1"}, missing.out, missing.err)).isEqualTo(1);
    assertThat(missing.err()).contains("absent");
  }

  @Test
  void reportWritesTheHtmlOfOneRun() throws Exception {
    Streams streams = new Streams();
    int code = new ReportCommand().run(new String[] {"--metrics", dir.resolve("metrics").toString(), "--out",
        dir.resolve("report").toString(), "--run-id", "n1"}, streams.out, streams.err);
    assertThat(code).as(streams.err()).isZero();
    String html = Files.readString(dir.resolve("report/index.html"));
    assertThat(html).contains("Restyle report: run n1").contains("data-pair-id=\"ok\"")
        .contains("data-failed-pair-id=\"bad\"").contains("x.png does not exist").contains("2 (1 FAILED, 1 SUCCEEDED)")
        // The written picture's loss (2.1) and the last iterate's (2.1): written/last 1.000.
        .contains("written 2.100 · last iterate 2.100 · written/last 1.000");
  }

  /** Captured stdout and stderr of one command. */
  private static final class Streams {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    String out() {
      return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return errBytes.toString(StandardCharsets.UTF_8);
    }
  }
}
