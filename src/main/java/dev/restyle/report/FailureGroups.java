package dev.restyle.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The failed pairs by error class: each class's count and its first {@value #EXAMPLES} pairs (by run and
 * pair id), picked by a window in Spark, so a run with a million failures sends a few rows to the driver.
 */
record FailureGroups(List<Group> groups) {

  static final int EXAMPLES = 3;

  record Example(String runId, String pairId, String message) {}

  record Group(String errorClass, long pairs, List<Example> examples) {}

  static FailureGroups of(SparkSession spark) {
    String failed = "SELECT coalesce(error_class, 'UNKNOWN') AS error_class, run_id, pair_id, error_message FROM "
        + ReportPairs.VIEW + " WHERE status = 'FAILED'";
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Row row : spark.sql("SELECT error_class, count(*) AS pairs FROM (" + failed + ") GROUP BY error_class "
        + "ORDER BY pairs DESC, error_class").collectAsList()) {
      groups.put(row.getString(0), new Group(row.getString(0), row.getLong(1), new ArrayList<>()));
    }
    for (Row row : spark.sql("SELECT error_class, run_id, pair_id, error_message FROM (SELECT *, row_number() OVER "
        + "(PARTITION BY error_class ORDER BY run_id, pair_id) AS n FROM (" + failed + ")) WHERE n <= " + EXAMPLES
        + " ORDER BY error_class, n").collectAsList()) {
      groups.get(row.getString(0)).examples().add(new Example(row.getString(1), row.getString(2), row.getString(3)));
    }
    return new FailureGroups(List.copyOf(groups.values()));
  }

  long total() {
    return groups.stream().mapToLong(Group::pairs).sum();
  }
}
