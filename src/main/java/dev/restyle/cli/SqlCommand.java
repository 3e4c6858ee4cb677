package dev.restyle.cli;

import dev.restyle.metrics.MetricsView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code restyle sql --metrics URI [--query SQL]}: Spark SQL over a {@code restyle_runs} view of the
 * metrics. With --query it prints that query's result; without, it reads statements ending in ';' from
 * standard input.
 */
final class SqlCommand extends LocalSparkCommand {

  private static final int MAX_ROWS = 1000;

  @Override
  String name() {
    return "restyle sql";
  }

  @Override
  String description() {
    return "Spark SQL over the metrics of Restyle runs, as the view " + MetricsView.NAME + ".";
  }

  @Override
  void addOptions(CommandSpec spec) {
    spec.addOption(OptionSpec.builder("--metrics").paramLabel("URI").type(String.class).required(true)
        .description("The metrics location, e.g. s3a://bucket/restyle/metrics or target/demo/metrics.").build());
    spec.addOption(OptionSpec.builder("--query").paramLabel("SQL").type(String.class)
        .description("Run this query and exit; otherwise read statements ending in ';' from stdin.").build());
  }

  @Override
  int execute(SparkSession spark, ParseResult parsed, PrintStream out, PrintStream err) throws IOException {
    MetricsView.register(spark, parsed.matchedOptionValue("--metrics", ""));
    String query = parsed.matchedOptionValue("--query", null);
    if (query != null) {
      return execute(spark, query, out, err) ? 0 : 1;
    }
    return repl(spark, out, err);
  }

  private static int repl(SparkSession spark, PrintStream out, PrintStream err) throws IOException {
    out.println("restyle sql: view " + MetricsView.NAME + " is ready; end statements with ';', Ctrl-D quits.");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder statement = new StringBuilder();
    int failures = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      statement.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        String sql = statement.toString().strip();
        statement.setLength(0);
        if (!execute(spark, sql.substring(0, sql.length() - 1), out, err)) {
          failures++;
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private static boolean execute(SparkSession spark, String sql, PrintStream out, PrintStream err) {
    try {
      Dataset<Row> result = spark.sql(sql);
      out.print(TextTable.of(result.columns(), result.limit(MAX_ROWS).collectAsList()));
      return true;
    } catch (Exception e) {
      err.println("restyle sql: " + String.valueOf(e.getMessage()).split("\n")[0]);
      return false;
    }
  }

}
