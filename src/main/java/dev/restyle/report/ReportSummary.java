package dev.restyle.report;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The report's summary, in one aggregation over the pairs: counts, the time span, and what ran them. */
record ReportSummary(long pairs, Map<String, Long> byStatus, long flagged, long styles, Timestamp started,
    Timestamp finished, long runs, List<String> someRuns, List<String> devices, List<String> weights) {

  /** How many run ids, devices and weights the summary names; the rest is counted. */
  static final int NAMED = 10;

  static ReportSummary of(SparkSession spark) {
    Row row = spark.sql("SELECT count(*), "
        + "sum(CASE WHEN status = 'SUCCEEDED' THEN 1 ELSE 0 END), "
        + "sum(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END), "
        + "sum(CASE WHEN flag_count > 0 THEN 1 ELSE 0 END), "
        + "count(DISTINCT style_uri), min(started_at), max(finished_at), count(DISTINCT run_id), "
        + "slice(array_sort(collect_set(run_id)), 1, " + NAMED + "), "
        + "slice(array_sort(collect_set(device)), 1, " + NAMED + "), "
        + "slice(array_sort(collect_set(weights_id)), 1, " + NAMED + ") FROM " + ReportPairs.VIEW).first();
    Map<String, Long> byStatus = new TreeMap<>();
    long pairs = row.getLong(0);
    long succeeded = row.isNullAt(1) ? 0 : row.getLong(1);
    long failed = row.isNullAt(2) ? 0 : row.getLong(2);
    if (succeeded > 0) {
      byStatus.put("SUCCEEDED", succeeded);
    }
    if (failed > 0) {
      byStatus.put("FAILED", failed);
    }
    return new ReportSummary(pairs, byStatus, row.isNullAt(3) ? 0 : row.getLong(3), row.getLong(4),
        row.getTimestamp(5), row.getTimestamp(6), row.getLong(7), row.getList(8), row.getList(9), row.getList(10));
  }

  double pairsPerHour() {
    if (started == null || finished == null) {
      return 0;
    }
    return pairs / (Math.max(finished.getTime() - started.getTime(), 1) / 3_600_000.0);
  }
}
