package dev.restyle.spark;

import dev.restyle.cli.RunCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Runs the real job, as `restyle run` does, in this JVM on a local master, and captures what it prints. */
final class JobRunner {

  record Outcome(int exitCode, String out, String err) {}

  private JobRunner() {}

  static Outcome run(String master, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=4"));
    int code = new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), master, false).run(all.toArray(String[]::new));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The metrics of a run, read back with a fresh local session (the job's own was stopped). */
  static List<Row> metrics(String metricsDir, Map<String, String> conf) {
    SparkSession.Builder builder = SparkSession.builder().master("local[1]").appName("metrics-reader")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    conf.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    try {
      Dataset<Row> rows = spark.read().parquet(metricsDir);
      return rows.orderBy("pair_id").collectAsList();
    } finally {
      spark.stop();
    }
  }
}
