package dev.restyle.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import dev.restyle.metrics.MetricsView;
import dev.restyle.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds {@code <dir>/index.html} from a metrics location (any Hadoop URI), for one run or all of them.
 * Every section is computed by Spark over {@code restyle_runs} and bounded where it is computed (counts,
 * bins, the styles with the most pairs, a few failures per class, a sampled gallery), so neither the page
 * nor the driver grows with the run: only the sampled pairs' rows and their thumbnails, made on the
 * executors, reach the driver. The page is self-contained: thumbnails are embedded, so it opens offline.
 */
public final class RunReport {

  private static final StructType KEYS = DataTypes.createStructType(List.of(
      DataTypes.createStructField("run_id", DataTypes.StringType, false),
      DataTypes.createStructField("pair_id", DataTypes.StringType, false),
      DataTypes.createStructField("pick", DataTypes.IntegerType, false)));

  private static final String PICKED = "restyle_report_picked";

  private RunReport() {}

  /** @return the report's path, fully qualified */
  public static Path write(SparkSession spark, String metricsUri, String runId, String outDir) throws IOException {
    Dataset<Row> runs = MetricsView.register(spark, metricsUri);
    if (runId != null) {
      runs = runs.where(col("run_id").equalTo(lit(runId)));
    }
    String title = "Restyle report: " + (runId != null ? "run " + runId : "all runs");
    String html;
    try (ReportPairs pairs = ReportPairs.of(spark, runs)) {
      ReportSummary summary = ReportSummary.of(spark);
      List<PairEntry> gallery = gallery(spark, GallerySample.of(spark, summary.pairs()));
      List<String> uris = new ArrayList<>();
      gallery.forEach(p -> uris.addAll(java.util.Arrays.asList(p.contentUri(), p.styleUri(), p.outputUri())));
      html = ReportPage.render(new ReportPage.Content(title, summary, FlaggedPairs.of(spark), Histogram.of(spark),
          StyleTable.of(spark), FailureGroups.of(spark), gallery, ThumbnailJob.of(spark, uris)));
    }
    Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
    Path index = storage.qualified(new Path(outDir, "index.html"));
    storage.writeWhole(index, html.getBytes(StandardCharsets.UTF_8));
    return index;
  }

  /**
   * The picked pairs' whole rows (with their loss histories), in the order they were picked: the attempts
   * of just those pairs (a broadcast semi-join, before any aggregation), then the view's own choice of the
   * latest among them, so this does not deduplicate the whole run again.
   */
  private static List<PairEntry> gallery(SparkSession spark, List<GallerySample.Pick> picks) {
    List<Row> keys = new ArrayList<>();
    for (int i = 0; i < picks.size(); i++) {
      keys.add(RowFactory.create(picks.get(i).runId(), picks.get(i).pairId(), i));
    }
    spark.createDataFrame(keys, KEYS).createOrReplaceTempView(PICKED);
    String attempts = "SELECT a.* FROM " + MetricsView.ATTEMPTS + " a LEFT SEMI JOIN " + PICKED
        + " p ON a.run_id = p.run_id AND a.pair_id = p.pair_id";
    Dataset<Row> latest = ReportPairs.withEveryColumn(spark.sql(MetricsView.LATEST_ATTEMPT_SQL.replace(
        "FROM " + MetricsView.ATTEMPTS, "FROM (" + attempts + ")")));
    Dataset<Row> rows = latest.join(spark.table(PICKED), new String[] {"run_id", "pair_id"})
        .withColumn("ratio", expr(ReportPairs.RATIO));
    Map<Integer, PairEntry> byPick = new HashMap<>();
    for (Row row : rows.collectAsList()) {
      int pick = row.getInt(row.fieldIndex("pick"));
      byPick.put(pick, PairEntry.of(row, picks.get(pick).reason()));
    }
    List<PairEntry> ordered = new ArrayList<>();
    for (int i = 0; i < picks.size(); i++) {
      if (byPick.containsKey(i)) {
        ordered.add(byPick.get(i));
      }
    }
    return ordered;
  }
}
