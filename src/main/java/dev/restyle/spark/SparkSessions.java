package dev.restyle.spark;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a Spark session is built: spark-submit's (master and settings from the launcher), or an
 * embedded one for {@code restyle run}, {@code sql} and {@code report}, whose scratch space stays in the
 * JVM's temporary directory (the launcher points that into target/).
 */
public final class SparkSessions {

  private SparkSessions() {}

  /**
   * @param master the master of an embedded session, e.g. {@code local[*]}; null under spark-submit
   * @param conf settings applied last, so a user's {@code --conf} wins over these defaults
   */
  public static SparkSession start(String appName, String master, Map<String, String> conf) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
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
    conf.forEach(builder::config);
    return builder.getOrCreate();
  }
}
