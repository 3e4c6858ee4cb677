package dev.restyle.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The succeeded pairs whose flags say something went wrong: how many pairs raised each flag, and the
 * {@value #MAX_SHOWN} most flagged (most flags, then least improved), chosen by Spark.
 */
record FlaggedPairs(Map<String, Long> byFlag, List<Line> shown) {

  static final int MAX_SHOWN = 50;

  record Line(String runId, String pairId, String styleUri, List<String> flags, Double ratio, Double contentSsim,
      Double writtenLossRatio, Double lastIterateTotalLoss, Double totalLoss) {}

  /** The order of "most flagged first", shared with the gallery's pick of flagged pairs. */
  static final String ORDER = "flag_count DESC, ratio DESC NULLS FIRST, run_id, pair_id";

  static FlaggedPairs of(SparkSession spark) {
    Map<String, Long> byFlag = new LinkedHashMap<>();
    for (Row row : spark.sql("SELECT flag, count(*) AS pairs FROM " + ReportPairs.VIEW
        + " LATERAL VIEW explode(flags) flagged AS flag WHERE status = 'SUCCEEDED' GROUP BY flag "
        + "ORDER BY pairs DESC, flag").collectAsList()) {
      byFlag.put(row.getString(0), row.getLong(1));
    }
    List<Line> shown = spark.sql("SELECT run_id, pair_id, style_uri, flags, ratio, content_ssim, written_loss_ratio, "
        + "last_iterate_total_loss, total_loss FROM " + ReportPairs.VIEW + " WHERE flag_count > 0 ORDER BY " + ORDER
        + " LIMIT " + MAX_SHOWN).collectAsList().stream()
        .map(r -> new Line(r.getString(0), r.getString(1), r.getString(2), r.getList(3), value(r, 4), value(r, 5),
            value(r, 6), value(r, 7), value(r, 8))).toList();
    return new FlaggedPairs(byFlag, shown);
  }

  private static Double value(Row row, int i) {
    return row.isNullAt(i) ? null : row.getDouble(i);
  }
}
