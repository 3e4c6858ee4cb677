package dev.restyle.cli;

import dev.restyle.report.RunReport;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** {@code restyle report --metrics URI --out DIR [--run-id ID]}: the HTML report of one run or all. */
final class ReportCommand extends LocalSparkCommand {

  @Override
  String name() {
    return "restyle report";
  }

  @Override
  String description() {
    return "Writes DIR/index.html: summary, flagged pairs, distributions, styles, failures by class and a "
        + "gallery of a bounded sample with thumbnails and loss curves; self-contained, it opens offline.";
  }

  @Override
  void addOptions(CommandSpec spec) {
    spec.addOption(OptionSpec.builder("--metrics").paramLabel("URI").type(String.class).required(true)
        .description("The metrics location (file:, s3a:, hdfs:).").build());
    spec.addOption(OptionSpec.builder("--out").paramLabel("DIR").type(String.class).required(true)
        .description("Where index.html is written (any Hadoop URI).").build());
    spec.addOption(OptionSpec.builder("--run-id").paramLabel("ID").type(String.class)
        .description("Only this run. Default: every run under --metrics.").build());
  }

  @Override
  int execute(SparkSession spark, ParseResult parsed, PrintStream out, PrintStream err) throws Exception {
    out.println("wrote " + RunReport.write(spark, parsed.matchedOptionValue("--metrics", ""),
        parsed.matchedOptionValue("--run-id", null), parsed.matchedOptionValue("--out", "")));
    return 0;
  }
}
