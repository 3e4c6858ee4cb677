package dev.restyle.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which pairs the gallery shows: every pair of a run of at most {@value #ALL_UP_TO}, else a bounded sample,
 * each part picked by Spark with a top-k (only the picked keys reach the driver): the most flagged, the
 * worst and the best by final over initial loss, and pairs in a seeded random order (the xxhash64 of their
 * run and pair id with {@value #SEED}, so the same metrics give the same report, however they are
 * partitioned).
 */
final class GallerySample {

  static final int ALL_UP_TO = 30;
  static final int FLAGGED = 6;
  static final int WORST = 6;
  static final int BEST = 6;
  static final int RANDOM = 12;
  static final long SEED = 20261122L;

  /** A picked pair and why: "flagged", "worst", "best", "random", or several of them. */
  record Pick(String runId, String pairId, String reason) {}

  private GallerySample() {}

  static List<Pick> of(SparkSession spark, long pairs) {
    String from = " FROM " + ReportPairs.VIEW;
    if (pairs <= ALL_UP_TO) {
      Map<String, Pick> all = new LinkedHashMap<>();
      add(all, spark.sql("SELECT run_id, pair_id, flag_count" + from + " ORDER BY flag_count DESC, run_id, "
          + "status DESC, pair_id").collectAsList(), null);
      return new ArrayList<>(all.values());
    }
    Map<String, Pick> picks = new LinkedHashMap<>();
    add(picks, top(spark, "flag_count > 0", FlaggedPairs.ORDER, FLAGGED), "flagged");
    add(picks, top(spark, "status = 'SUCCEEDED' AND ratio IS NOT NULL", "ratio DESC, run_id, pair_id", WORST), "worst");
    add(picks, top(spark, "status = 'SUCCEEDED' AND ratio IS NOT NULL", "ratio ASC, run_id, pair_id", BEST), "best");
    add(picks, top(spark, "true", "xxhash64(run_id, pair_id, " + SEED + "L), run_id, pair_id", RANDOM), "random");
    return new ArrayList<>(picks.values());
  }

  private static List<Row> top(SparkSession spark, String where, String order, int limit) {
    return spark.sql("SELECT run_id, pair_id, flag_count FROM " + ReportPairs.VIEW + " WHERE " + where + " ORDER BY "
        + order + " LIMIT " + limit).collectAsList();
  }

  /** @param reason null: "flagged" for a flagged pair, else nothing (a run small enough to show whole) */
  private static void add(Map<String, Pick> picks, List<Row> rows, String reason) {
    for (Row row : rows) {
      String key = row.getString(0) + "\u0000" + row.getString(1);
      String why = reason != null ? reason : row.getInt(2) > 0 ? "flagged" : "";
      Pick earlier = picks.get(key);
      picks.put(key, earlier == null ? new Pick(row.getString(0), row.getString(1), why)
          : new Pick(earlier.runId(), earlier.pairId(), earlier.reason() + ", " + why));
    }
  }
}
