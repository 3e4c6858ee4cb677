package dev.restyle.report;

import dev.restyle.metrics.RunStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** What the gallery shows of one sampled metrics row, and why it was picked. */
record PairEntry(
    String runId,
    String pairId,
    String status,
    String contentUri,
    String styleUri,
    String outputUri,
    String errorClass,
    Double totalLoss,
    Double lastIterateTotalLoss,
    Double writtenLossRatio,
    Double ratio,
    Double contentSsim,
    List<String> flags,
    Integer iterations,
    Long durationMs,
    List<LossCurveSvg.Point> curve,
    String reason) {

  /** @param row a row of the report's pairs with its {@code loss_history} */
  static PairEntry of(Row row, String reason) {
    List<LossCurveSvg.Point> curve = new ArrayList<>();
    List<Row> history = row.getList(row.fieldIndex("loss_history"));
    if (history != null) {
      for (Row point : history) {
        curve.add(new LossCurveSvg.Point(point.<Integer>getAs("iteration"), point.<Double>getAs("total")));
      }
    }
    List<String> flags = row.isNullAt(row.fieldIndex("flags")) ? List.of() : row.getList(row.fieldIndex("flags"));
    return new PairEntry(row.getAs("run_id"), row.getAs("pair_id"), row.getAs("status"), row.getAs("content_uri"),
        row.getAs("style_uri"), row.getAs("output_uri"), row.getAs("error_class"), row.getAs("total_loss"),
        row.getAs("last_iterate_total_loss"), row.getAs("written_loss_ratio"), row.getAs("ratio"),
        row.getAs("content_ssim"), flags, row.getAs("iterations"), row.getAs("duration_ms"), curve, reason);
  }

  boolean failed() {
    return RunStatus.FAILED.name().equals(status);
  }
}
