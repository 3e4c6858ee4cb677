package dev.restyle.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.restyle.metrics.MetricsView;
import dev.restyle.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds {@code <dir>/index.html} from a metrics location (any Hadoop URI), for one run or all of them.
 * The page is self-contained: thumbnails are embedded, so it opens offline.
 */
public final class RunReport {

  private RunReport() {}

  /** @return the report's path, fully qualified */
  public static Path write(SparkSession spark, String metricsUri, String runId, String outDir) throws IOException {
    Dataset<Row> rows = MetricsView.register(spark, metricsUri);
    if (runId != null) {
      rows = rows.where(col("run_id").equalTo(lit(runId)));
    }
    List<PairEntry> pairs = rows.orderBy(col("run_id"), col("status").desc(), col("pair_id")).collectAsList()
        .stream().map(PairEntry::of).toList();
    Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
    String title = "Restyle report: " + (runId != null ? "run " + runId : "all runs");
    String html = ReportPage.render(title, pairs, new Thumbnails(storage)::of);
    Path index = storage.qualified(new Path(outDir, "index.html"));
    storage.writeWhole(index, html.getBytes(StandardCharsets.UTF_8));
    return index;
  }
}
