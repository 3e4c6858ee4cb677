package dev.restyle.deploy;

/** Spark's own registry of configuration entries, filled as its config holders are loaded. */
final class SparkConfigRegistry {

  static {
    // Loading these objects registers their entries: core, SQL, and the Kubernetes module (test-scoped).
    Object core = org.apache.spark.internal.config.package$.MODULE$;
    Object sql = org.apache.spark.sql.internal.SQLConf$.MODULE$;
    Object kubernetes = org.apache.spark.deploy.k8s.Config$.MODULE$;
    Object ui = org.apache.spark.internal.config.UI$.MODULE$;
    if (core == null || sql == null || kubernetes == null || ui == null) {
      throw new IllegalStateException("Spark configuration holders did not load");
    }
  }

  private SparkConfigRegistry() {}

  static boolean find(String key) {
    return org.apache.spark.internal.config.ConfigEntry$.MODULE$.findEntry(key) != null;
  }
}
