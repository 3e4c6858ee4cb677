package dev.restyle.metrics;

import dev.restyle.support.ErrorClass;
import dev.restyle.transfer.HistoryPoint;
import dev.restyle.transfer.LossValues;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.QualityFlag;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One metrics row, filled by column name and laid out in {@link MetricsSchema} order only when it becomes
 * a Spark row, so no caller counts positions. Columns a row does not set are null (a FAILED row has no
 * losses).
 */
public final class MetricsRow {

  private final Map<String, Object> values = new HashMap<>();

  private MetricsRow(String runId, String pairId, String contentUri, String styleUri) {
    put("run_id", runId);
    put("pair_id", pairId);
    put("content_uri", contentUri);
    put("style_uri", styleUri);
    put("loss_history", List.<Row>of());
  }

  public static MetricsRow of(String runId, String pairId, String contentUri, String styleUri) {
    return new MetricsRow(runId, pairId, contentUri, styleUri);
  }

  public MetricsRow succeeded(String outputUri) {
    put("status", RunStatus.SUCCEEDED.name());
    return put("output_uri", outputUri);
  }

  public MetricsRow failed(ErrorClass errorClass, String message) {
    put("status", RunStatus.FAILED.name());
    put("error_class", errorClass.name());
    return put("error_message", message);
  }

  /**
   * The versions of the pair's inputs as they were read, {@code <length>@<mtime>} of the content, then of each
   * style, separated by {@code ;}; null when one has no version (http). A later run reuses the output only
   * for the same versions.
   */
  public MetricsRow inputVersions(String versions) {
    return put("input_versions", versions);
  }

  /** {@code params_json} and its {@code params_hash}. */
  public MetricsRow params(String json, String hash) {
    put("params_json", json);
    return put("params_hash", hash);
  }

  public MetricsRow model(String weightsId, long loadMillis) {
    put("weights_id", weightsId);
    return put("model_load_ms", loadMillis);
  }

  /**
   * The image's size and losses, the loss history and the pair's speed. The final losses are the written
   * picture's; {@code last_iterate_total_loss} is the optimizer's last iterate's, and
   * {@code written_loss_ratio} the first total over the second. The quality signals: {@code content_ssim}
   * (null where it cannot be measured), {@code loss_ratio} (written over initial total; null where undefined)
   * and {@code flags} (empty for a clean pair; null only in FAILED rows and in rows of runs before them).
   */
  public MetricsRow result(PairResult result) {
    put("width", result.width());
    put("height", result.height());
    put("iterations", result.iterationsDone());
    LossValues last = result.last();
    put("content_loss", last.content());
    put("style_loss", last.style());
    put("tv_loss", last.tv());
    put("total_loss", last.total());
    LossValues initial = result.initial();
    put("initial_content_loss", initial.content());
    put("initial_style_loss", initial.style());
    put("initial_total_loss", initial.total());
    List<Row> history = new ArrayList<>();
    for (HistoryPoint point : result.history()) {
      LossValues losses = point.losses();
      history.add(RowFactory.create(point.iteration(), point.scale(), losses.content(), losses.style(), losses.tv(),
          losses.total()));
    }
    put("loss_history", history);
    put("ms_per_iteration_median", result.medianMillisPerIteration());
    put("style_cache_hit", result.styleCacheHit());
    put("last_iterate_total_loss", result.lastIterate().total());
    put("written_loss_ratio", result.writtenLossRatio());
    double ssim = result.quality().contentSsim();
    put("content_ssim", Double.isFinite(ssim) ? ssim : null);
    put("loss_ratio", result.lossRatio());
    put("flags", result.flags().stream().map(QualityFlag::label).toList());
    return put("content_orientation", result.contentOrientation().tag());
  }

  /** Where it ran: {@code attempt} is Spark's task attempt number. */
  /**
   * @param size the most pairs stacked in one network pass with this one (1 alone)
   * @param batchId the pairs one task optimized together; null when the pair ran alone
   */
  public MetricsRow batch(int size, String batchId) {
    put("batch_size", size);
    return put("batch_id", batchId);
  }

  public MetricsRow execution(String device, String executorId, String host, Integer attempt) {
    put("device", device);
    put("executor_id", executorId);
    put("host", host);
    return put("task_attempt", attempt);
  }

  public MetricsRow timing(Instant started, Instant finished) {
    put("started_at", Timestamp.from(started));
    put("finished_at", Timestamp.from(finished));
    return put("duration_ms", finished.toEpochMilli() - started.toEpochMilli());
  }

  /** The row in {@link MetricsSchema#SCHEMA} order. */
  @SuppressWarnings("unchecked")
  public Row toRow() {
    String[] columns = MetricsSchema.SCHEMA.fieldNames();
    Object[] cells = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Object value = values.get(columns[i]);
      cells[i] = value instanceof List<?> list ? CollectionConverters.asScala((List<Object>) list).toSeq() : value;
    }
    return RowFactory.create(cells);
  }

  private MetricsRow put(String column, Object value) {
    MetricsSchema.index(column); // fails at once on a column the schema does not have
    values.put(column, value);
    return this;
  }
}
