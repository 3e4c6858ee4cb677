package dev.restyle.cli;

import dev.restyle.spark.SparkSessions;
import java.io.PrintStream;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * A command that runs on an embedded local Spark (sql, report): flags and --help, the session with its
 * --conf settings, the work, then the session stopped. Exit 0 done, 1 failed, 2 bad arguments.
 */
abstract class LocalSparkCommand {

  /** e.g. {@code restyle sql}, used in usage and error lines. */
  abstract String name();

  abstract String description();

  /** Adds the command's own options; --conf and --help are added for every command. */
  abstract void addOptions(CommandSpec spec);

  abstract int execute(SparkSession spark, ParseResult parsed, PrintStream out, PrintStream err) throws Exception;

  final int run(String[] args, PrintStream out, PrintStream err) {
    CommandSpec spec = CommandSpec.create().name(name()).mixinStandardHelpOptions(true);
    spec.usageMessage().description(description());
    addOptions(spec);
    spec.addOption(ParamOptions.conf("A Spark setting (e.g. spark.hadoop.fs.s3a.*); repeatable."));
    CommandLine commandLine = new CommandLine(spec);
    ParseResult parsed;
    try {
      parsed = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println(name() + ": " + e.getMessage());
      return 2;
    }
    if (parsed.isUsageHelpRequested()) {
      commandLine.usage(out);
      return 0;
    }
    SparkSession spark;
    try {
      Map<String, String> conf = new java.util.LinkedHashMap<>(Map.of("spark.ui.enabled", "false"));
      conf.putAll(ParamOptions.confValues(parsed));
      spark = SparkSessions.start(name(), "local[*]", conf);
    } catch (IllegalArgumentException e) {
      err.println(name() + ": " + e.getMessage());
      return 2;
    }
    try {
      return execute(spark, parsed, out, err);
    } catch (Exception e) { // e.g. AnalysisException: a missing or unreadable metrics location
      err.println(name() + ": " + String.valueOf(e.getMessage()).split("\n")[0]);
      return 1;
    } finally {
      spark.stop();
    }
  }
}
