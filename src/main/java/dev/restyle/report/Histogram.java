package dev.restyle.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One distribution of the report, binned by Spark: a first aggregation finds each metric's range over
 * its finite values, a second counts the values per bin. Two passes over the pairs whatever their number,
 * and only {@value #BINS} counts per metric reach the driver.
 *
 * @param low the first bin's lower edge (log10 of the value where {@code log})
 * @param high the last bin's upper edge
 * @param counts pairs per bin
 * @param leftOut succeeded pairs without a usable value: null (older runs), NaN, ±∞, or ≤ 0 on a log scale
 */
record Histogram(Metric metric, double low, double high, long[] counts, long leftOut) {

  static final int BINS = 24;

  /** What is binned: an SQL expression over the succeeded pairs, on a linear or a log10 axis. */
  enum Metric {
    TOTAL_LOSS("final total loss", "total_loss", true),
    LOSS_RATIO("final / initial total loss", "ratio", true),
    WRITTEN_RATIO("written / last-iterate loss", "written_loss_ratio", true),
    CONTENT_SSIM("content SSIM", "content_ssim", false),
    DURATION("seconds per pair", "CAST(duration_ms AS DOUBLE) / 1000", false);

    final String title;
    final String sql;
    final boolean log;

    Metric(String title, String sql, boolean log) {
      this.title = title;
      this.sql = sql;
      this.log = log;
    }

    /** The value on the axis, null where it cannot be placed. */
    String axisValue() {
      String value = "CAST(" + sql + " AS DOUBLE)";
      String finite = "NOT isnan(" + value + ") AND abs(" + value + ") < double('Infinity')";
      return "CASE WHEN " + finite + (log ? " AND " + value + " > 0 THEN log10(" + value + ")" : " THEN " + value)
          + " END";
    }
  }

  long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  static List<Histogram> of(SparkSession spark) {
    Metric[] metrics = Metric.values();
    StringBuilder values = new StringBuilder("SELECT ");
    StringBuilder ranges = new StringBuilder("SELECT count(*)");
    for (int m = 0; m < metrics.length; m++) {
      values.append(m == 0 ? "" : ", ").append(metrics[m].axisValue()).append(" AS v").append(m);
      ranges.append(", min(v").append(m).append("), max(v").append(m).append("), count(v").append(m).append(")");
    }
    String axis = "(" + values + " FROM " + ReportPairs.VIEW + " WHERE status = 'SUCCEEDED')";
    Row range = spark.sql(ranges + " FROM " + axis).first();
    long succeeded = range.getLong(0);

    StringBuilder bins = new StringBuilder("SELECT m, bin, count(*) FROM (SELECT stack(").append(metrics.length);
    for (int m = 0; m < metrics.length; m++) {
      double low = range.isNullAt(1 + 3 * m) ? 0 : range.getDouble(1 + 3 * m);
      double width = binWidth(low, range.isNullAt(2 + 3 * m) ? 0 : range.getDouble(2 + 3 * m));
      bins.append(", ").append(m).append(String.format(Locale.ROOT,
          // least() skips nulls, so a value that cannot be placed stays null by the CASE, not by least()
          ", CASE WHEN v%d IS NOT NULL THEN least(%d, CAST(floor((v%d - (%.17g)) / (%.17g)) AS INT)) END", m,
          BINS - 1, m, low, width));
    }
    bins.append(") AS (m, bin) FROM ").append(axis).append(") WHERE bin IS NOT NULL GROUP BY m, bin");
    long[][] counts = new long[metrics.length][BINS];
    for (Row row : spark.sql(bins.toString()).collectAsList()) {
      counts[row.getInt(0)][row.getInt(1)] = row.getLong(2);
    }
    List<Histogram> histograms = new ArrayList<>();
    for (int m = 0; m < metrics.length; m++) {
      double low = range.isNullAt(1 + 3 * m) ? 0 : range.getDouble(1 + 3 * m);
      double width = binWidth(low, range.isNullAt(2 + 3 * m) ? 0 : range.getDouble(2 + 3 * m));
      histograms.add(new Histogram(metrics[m], low, low + BINS * width, counts[m], succeeded - range.getLong(3 + 3 * m)));
    }
    return histograms;
  }

  /** One value everywhere still gets a bin of its own. */
  private static double binWidth(double low, double high) {
    return high > low ? (high - low) / BINS * (1 + 1e-12) : Math.max(Math.abs(low), 1) * 1e-6;
  }
}
