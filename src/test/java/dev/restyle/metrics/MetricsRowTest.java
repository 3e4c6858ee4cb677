package dev.restyle.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageFormat;
import dev.restyle.image.Orientation;
import dev.restyle.support.ErrorClass;
import dev.restyle.transfer.HistoryPoint;
import dev.restyle.transfer.LossValues;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.PictureQuality;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class MetricsRowTest {

  private static final Instant STARTED = Instant.parse("2026-11-22T03:00:00Z");
  private static final Instant FINISHED = Instant.parse("2026-11-22T03:00:02.500Z");

  @Test
  void aSucceededRowHasEveryColumnInSchemaOrder() {
    PairResult result = new PairResult(new byte[] {1}, ImageFormat.PNG, 64, 48, new LossValues(4, 3, 0, 7),
        new LossValues(2, 1, 0, 3), new LossValues(2, 0.5, 0, 2.5), List.of(
        new HistoryPoint(1, 64, new LossValues(4, 3, 0, 7)), new HistoryPoint(20, 64, new LossValues(2, 0.5, 0, 2.5))),
        20, 2400, 12.5, true, Orientation.ROTATE_90,
        new PictureQuality(0.5, 40));

    Row row = MetricsRow.of("r1", "p1", "c.png", "s.png").params("{\"size\":64}", "abcd")
        .succeeded("file:/out/images/run_id=r1/p1.png").model("sha256:00ff", 150).result(result)
        .execution("cpu()", "driver", "host1", 0).timing(STARTED, FINISHED).toRow();

    assertThat(row.size()).isEqualTo(MetricsSchema.SCHEMA.size());
    assertThat(row.<String>getAs(col("run_id"))).isEqualTo("r1");
    assertThat(values(row, "pair_id", "content_uri", "style_uri", "output_uri", "status", "error_class",
        "error_message", "params_json", "params_hash", "weights_id"))
        .containsExactly("p1", "c.png", "s.png", "file:/out/images/run_id=r1/p1.png", "SUCCEEDED", null, null,
            "{\"size\":64}", "abcd", "sha256:00ff");
    assertThat(values(row, "width", "height", "iterations")).containsExactly(64, 48, 20);
    assertThat(values(row, "content_loss", "style_loss", "tv_loss", "total_loss", "initial_content_loss",
        "initial_style_loss", "initial_total_loss")).containsExactly(2.0, 1.0, 0.0, 3.0, 4.0, 3.0, 7.0);
    List<Row> history = CollectionConverters.asJava(row.<scala.collection.Seq<Row>>getAs(col("loss_history")));
    assertThat(history).hasSize(2);
    assertThat(history.get(1).toSeq().mkString(",")).isEqualTo("20,64,2.0,0.5,0.0,2.5");
    // The written picture's total (total_loss, 3) against the optimizer's last iterate's (2.5).
    assertThat(values(row, "last_iterate_total_loss", "written_loss_ratio")).containsExactly(2.5, 1.2);
    // Quality signals: SSIM as measured, final over initial total 3/7, and out_of_range (1.2 > 1.10).
    assertThat(values(row, "content_ssim", "loss_ratio")).containsExactly(0.5, 3.0 / 7.0);
    assertThat(CollectionConverters.asJava(row.<scala.collection.Seq<String>>getAs(col("flags"))))
        .containsExactly("out_of_range");
    assertThat(values(row, "ms_per_iteration_median", "device", "executor_id", "host", "task_attempt"))
        .containsExactly(12.5, "cpu()", "driver", "host1", 0);
    assertThat(values(row, "started_at", "finished_at", "duration_ms", "model_load_ms", "style_cache_hit",
        "content_orientation")).containsExactly(Timestamp.from(STARTED), Timestamp.from(FINISHED), 2500L, 150L, true, 6);
  }

  @Test
  void aFailedRowCarriesItsClassAndReasonAndNoLosses() {
    Row row = MetricsRow.of("r1", "p2", "c.png", "s.png").params("{}", "0000")
        .failed(ErrorClass.INPUT_NOT_FOUND, "c.png does not exist").execution(null, "1", "host1", 1)
        .timing(STARTED, FINISHED).toRow();

    assertThat(values(row, "status", "error_class", "error_message", "output_uri", "total_loss", "width",
        "content_ssim", "loss_ratio", "flags"))
        .containsExactly("FAILED", "INPUT_NOT_FOUND", "c.png does not exist", null, null, null, null, null, null);
    assertThat(CollectionConverters.asJava(row.<scala.collection.Seq<Row>>getAs(col("loss_history")))).isEmpty();
    assertThat(row.<Integer>getAs(col("task_attempt"))).isEqualTo(1);
  }

  @Test
  void theStatusValuesAreTheEnumsNames() {
    assertThat(List.of(RunStatus.values()).stream().map(Enum::name))
        .containsExactly("SUCCEEDED", "FAILED", "REUSED", "SKIPPED");
  }

  private static int col(String name) {
    return MetricsSchema.index(name);
  }

  private static List<Object> values(Row row, String... columns) {
    return java.util.Arrays.stream(columns).map(c -> row.get(col(c))).toList();
  }
}
