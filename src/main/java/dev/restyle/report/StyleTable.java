package dev.restyle.report;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One row per style image, by Spark: pairs, failures, flagged pairs and median figures of its succeeded
 * pairs ({@code percentile_approx}, one pass however many pairs a style has). The {@value #MAX_STYLES}
 * styles with the most pairs are shown; the summary counts them all.
 */
record StyleTable(List<Line> lines) {

  static final int MAX_STYLES = 100;

  record Line(String styleUri, long pairs, long failed, long flagged, Double medianTotalLoss, Double medianStyleLoss,
      Double medianContentSsim, Double medianRatio, Long medianDurationMs) {}

  static StyleTable of(SparkSession spark) {
    List<Row> rows = spark.sql("SELECT style_uri, count(*) AS pairs, "
        + "sum(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END), sum(CASE WHEN flag_count > 0 THEN 1 ELSE 0 END), "
        + "percentile_approx(total_loss, 0.5), percentile_approx(style_loss, 0.5), "
        + "percentile_approx(content_ssim, 0.5), percentile_approx(ratio, 0.5), "
        + "percentile_approx(CASE WHEN status = 'SUCCEEDED' THEN duration_ms END, 0.5) "
        + "FROM " + ReportPairs.VIEW + " GROUP BY style_uri ORDER BY pairs DESC, style_uri LIMIT " + MAX_STYLES)
        .collectAsList();
    return new StyleTable(rows.stream().map(r -> new Line(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3),
        nullable(r, 4), nullable(r, 5), nullable(r, 6), nullable(r, 7), r.isNullAt(8) ? null : r.getLong(8))).toList());
  }

  private static Double nullable(Row row, int i) {
    return row.isNullAt(i) ? null : row.getDouble(i);
  }
}
