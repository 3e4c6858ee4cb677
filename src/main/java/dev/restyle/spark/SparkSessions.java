package dev.restyle.spark;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The Spark session of a run: spark-submit's, or an embedded local one for `restyle run`. */
final class SparkSessions {

  private SparkSessions() {}

  static SparkSession create(JobConfig config, String defaultMaster) {
    SparkSession.Builder builder = SparkSession.builder().appName("restyle " + config.runId());
    String master = config.master() != null ? config.master() : defaultMaster;
    if (master != null) {
      String local = Path.of(System.getProperty("java.io.tmpdir"), "spark-local").toString();
      builder.master(master)
          .config("spark.local.dir", local)
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.warehouse.dir", Path.of(local, "warehouse").toString())
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    // run_id values like 2026-11-22 must stay strings, not become dates, when metrics are read back.
    builder.config("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    for (Map.Entry<String, String> entry : config.conf().entrySet()) {
      builder.config(entry.getKey(), entry.getValue());
    }
    return builder.getOrCreate();
  }
}
