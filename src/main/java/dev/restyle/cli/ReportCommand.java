package dev.restyle.cli;

import dev.restyle.report.RunReport;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** {@code restyle report --metrics URI --out DIR [--run-id ID]}: the HTML report of one run or all. */
final class ReportCommand {

  int run(String[] args, PrintStream out, PrintStream err) {
    CommandSpec spec = CommandSpec.create().name("restyle report").mixinStandardHelpOptions(true);
    spec.usageMessage().description("Writes DIR/index.html: summary, thumbnails, loss curves and failures; "
        + "self-contained, it opens offline.");
    spec.addOption(OptionSpec.builder("--metrics").paramLabel("URI").type(String.class).required(true)
        .description("The metrics location (file:, s3a:, hdfs:).").build());
    spec.addOption(OptionSpec.builder("--out").paramLabel("DIR").type(String.class).required(true)
        .description("Where index.html is written (any Hadoop URI).").build());
    spec.addOption(OptionSpec.builder("--run-id").paramLabel("ID").type(String.class)
        .description("Only this run. Default: every run under --metrics.").build());
    spec.addOption(LocalSpark.confOption());
    CommandLine commandLine = new CommandLine(spec);
    ParseResult parsed;
    try {
      parsed = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("restyle report: " + e.getMessage());
      return 2;
    }
    if (parsed.isUsageHelpRequested()) {
      commandLine.usage(out);
      return 0;
    }
    SparkSession spark;
    try {
      spark = LocalSpark.start("restyle report", parsed);
    } catch (IllegalArgumentException e) {
      err.println("restyle report: " + e.getMessage());
      return 2;
    }
    try {
      out.println("wrote " + RunReport.write(spark, parsed.matchedOptionValue("--metrics", ""),
          parsed.matchedOptionValue("--run-id", null), parsed.matchedOptionValue("--out", "")));
      return 0;
    } catch (Exception e) {
      err.println("restyle report: " + e.getMessage());
      return 1;
    } finally {
      spark.stop();
    }
  }
}
