package dev.restyle.report;

import dev.restyle.metrics.RunStatus;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** What the report shows of one metrics row. */
record PairEntry(
    String runId,
    String pairId,
    String status,
    String contentUri,
    String styleUri,
    String outputUri,
    String errorClass,
    String errorMessage,
    Double totalLoss,
    Double lastIterateTotalLoss,
    Double writtenLossRatio,
    Integer iterations,
    Long durationMs,
    String device,
    String weightsId,
    Timestamp startedAt,
    Timestamp finishedAt,
    List<LossCurveSvg.Point> curve) {

  static PairEntry of(Row row) {
    List<LossCurveSvg.Point> curve = new ArrayList<>();
    List<Row> history = row.getList(row.fieldIndex("loss_history"));
    if (history != null) {
      for (Row point : history) {
        curve.add(new LossCurveSvg.Point(point.<Integer>getAs("iteration"), point.<Double>getAs("total")));
      }
    }
    return new PairEntry(row.getAs("run_id"), row.getAs("pair_id"), row.getAs("status"), row.getAs("content_uri"),
        row.getAs("style_uri"), row.getAs("output_uri"), row.getAs("error_class"), row.getAs("error_message"),
        row.getAs("total_loss"), row.getAs("last_iterate_total_loss"), row.getAs("written_loss_ratio"),
        row.getAs("iterations"), row.getAs("duration_ms"), row.getAs("device"),
        row.getAs("weights_id"), row.getAs("started_at"), row.getAs("finished_at"), curve);
  }

  boolean failed() {
    return RunStatus.FAILED.name().equals(status);
  }
}
