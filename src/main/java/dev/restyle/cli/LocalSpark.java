package dev.restyle.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The embedded local Spark of the analyst commands (sql, report), with repeatable --conf KEY=VALUE. */
final class LocalSpark {

  static final String CONF = "--conf";

  private LocalSpark() {}

  static OptionSpec confOption() {
    return OptionSpec.builder(CONF).paramLabel("KEY=VALUE").type(List.class).auxiliaryTypes(String.class)
        .description("A Spark setting (e.g. spark.hadoop.fs.s3a.*); repeatable.").build();
  }

  /** @throws IllegalArgumentException naming a --conf value that is not KEY=VALUE */
  static SparkSession start(String appName, ParseResult parsed) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName).master("local[*]")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false");
    for (String kv : parsed.matchedOptionValue(CONF, List.<String>of())) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(CONF + " '" + kv + "' is invalid; allowed: KEY=VALUE");
      }
      builder.config(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return builder.getOrCreate();
  }
}
