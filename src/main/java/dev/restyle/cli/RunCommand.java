package dev.restyle.cli;

import dev.restyle.model.WeightsSource;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.report.RunReport;
import dev.restyle.spark.DeviceUnavailableException;
import dev.restyle.spark.JobConfig;
import dev.restyle.spark.JobConfigException;
import dev.restyle.spark.RestyleJob;
import dev.restyle.spark.RunSummary;
import dev.restyle.spark.SparkSessions;
import dev.restyle.storage.InputPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.apache.spark.network.util.JavaUtils;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * {@code restyle run}, and spark-submit's entry point ({@link #main}): the job's flags, help and exit
 * codes. It parses the flags into a {@link JobConfig}, runs {@link RestyleJob}, and writes the report when
 * asked.
 *
 * <p>Exit codes: 0 when failed/all ≤ --max-failed-fraction, 1 otherwise or when the job cannot run (e.g.
 * unusable weights), 2 on bad arguments.
 */
public final class RunCommand {

  private static final Pattern SAFE_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=-]{0,99}");

  private final PrintStream out;
  private final PrintStream err;
  private final String defaultMaster;
  private final boolean weightsExplained;

  /**
   * @param defaultMaster the master when --master is not given (local runs); null under spark-submit
   * @param weightsExplained the launcher already said which weights are used and why
   */
  public RunCommand(PrintStream out, PrintStream err, String defaultMaster, boolean weightsExplained) {
    this.out = out;
    this.err = err;
    this.defaultMaster = defaultMaster;
    this.weightsExplained = weightsExplained;
  }

  /** spark-submit's entry point: the session's master and settings come from spark-submit. */
  public static void main(String[] args) {
    System.exit(new RunCommand(System.out, System.err, null, false).run(args));
  }

  public int run(String[] args) {
    JobConfig config;
    ParseResult parsed;
    try {
      CommandLine commandLine = commandLine();
      parsed = commandLine.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        commandLine.usage(out);
        return 0;
      }
      config = config(parsed, defaultMaster, weightsExplained);
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      // picocli's own errors, JobConfigException, InvalidParamException, a bad --conf or --weights
      err.println("restyle run: " + e.getMessage());
      err.println("Try --help for the flags and their defaults.");
      return 2;
    }
    var spark = SparkSessions.start("restyle " + config.output().runId(), config.spark().master(),
        config.spark().conf());
    try {
      RunSummary summary = RestyleJob.run(spark, config, out);
      String report = parsed.matchedOptionValue("--report", null);
      if (report != null && !config.execution().dryRun()) {
        out.println("report: " + RunReport.write(spark, config.output().metricsDir(), config.output().runId(),
            report));
      }
      return summary.failedFraction() <= config.limits().maxFailedFraction() ? 0 : 1;
    } catch (JobConfigException e) {
      err.println("restyle run: " + e.getMessage());
      return 2;
    } catch (InvalidWeightsException | IOException e) {
      err.println("restyle run: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      String device = DeviceUnavailableException.findIn(e);
      if (device != null) {
        err.println("restyle run " + config.output().runId() + " stopped: " + device);
        return 2;
      }
      // The run itself broke: a job Spark aborted or cancelled (SparkException, checked only in Scala's eyes),
      // a lost cluster. The waves finished before it are committed.
      err.println("restyle run " + config.output().runId() + " failed: " + e);
      err.println("Finished pairs are recorded; rerun with --skip-done to do only the rest.");
      return 1;
    } finally {
      if (config.spark().master() != null) {
        spark.stop();
      }
    }
  }

  /** The flags of {@code restyle run}; spark-submit's entry point takes the same. */
  public static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name("restyle run").mixinStandardHelpOptions(true);
    spec.usageMessage().description("Stylize a catalog of content/style pairs with Spark; writes images and "
        + "Parquet metrics under --output.");
    spec.addOption(ParamOptions.text("--pairs", "URI", "Manifest: CSV with header, JSON Lines or Parquet; columns "
        + "content_uri, style_uri, optional pair_id and per-pair parameter overrides."));
    spec.addOption(OptionSpec.builder("--allow-input-prefix").paramLabel("PREFIX").type(List.class)
        .auxiliaryTypes(String.class)
        .description("Read inputs (content, style) only under this folder URI, e.g. s3a://bucket/images/ or "
            + "file:/data/in; repeatable. Default: none given, so any storage scheme (" + String.join(", ",
            InputPolicy.STORAGE_SCHEMES) + ") is read, file: only on a local master, and http(s), ftp and other "
            + "schemes are refused. Link-local and cloud-metadata addresses are never read.").build());
    spec.addOption(ParamOptions.text("--content", "GLOB", "Content images (with --style), instead of --pairs."));
    spec.addOption(ParamOptions.text("--style", "GLOB", "Style images (with --content)."));
    spec.addOption(ParamOptions.text("--output", "URI", "Where images/ and metrics/ are written (s3a://, hdfs://, "
        + "file:)."));
    spec.addOption(ParamOptions.text("--weights", "URI|untrained:seed=N", "VGG19 state dict on any Hadoop file "
        + "system or local disk."));
    spec.addOption(ParamOptions.text("--run-id", "ID", "Names the run in keys and metrics. Default: the UTC time, "
        + "yyyyMMdd-HHmmss."));
    spec.addOption(OptionSpec.builder("--skip-done").negatable(true).type(boolean.class).arity("0")
        .description("Skip pairs that already have a SUCCEEDED row for this run id and the same parameters, and "
            + "reuse the output of an earlier run id for a pair with the same content and style (same URIs, sizes "
            + "and modification times), parameters and weights: a REUSED row that points at it. On in "
            + "conf/restyle-defaults.conf, which both jobs/restyle run and jobs/restyle-submit.sh read; "
            + "--no-skip-done runs every pair of this run id again, and reuses nothing.").build());
    spec.addOption(OptionSpec.builder("--recompute").arity("0")
        .description("Run every pair again, even with --skip-done: nothing is skipped or reused.").build());
    spec.addOption(OptionSpec.builder("--dry-run").arity("0")
        .description("Plan only: print the pairs in the catalog, those already done and to run, the waves, the "
            + "work and the problems found, then exit 0 (2 on bad input). Runs no pair, writes nothing.").build());
    spec.addOption(ParamOptions.text("--max-pair-memory", "SIZE|auto", "Refuse a pair whose estimated memory "
        + "(size, optimizer, history, tiles) is over this, e.g. 6g, as a FAILED RESOURCE_LIMIT row, instead of "
        + "letting it kill its executor. Default auto: spark.executor.memoryOverhead over the tasks of an "
        + "executor on a cluster; physical memory less the heap over the task slots locally."));
    spec.addOption(ParamOptions.text("--pair-timeout", "DURATION", "Stop a pair that runs longer than this "
        + "(e.g. 90s, 20m, 2h) as a FAILED RESOURCE_LIMIT row. Default: no limit."));
    spec.addOption(OptionSpec.builder("--retry-lost").arity("0")
        .description("With --skip-done, run again the pairs recorded as EXECUTOR_LOST (their executor died twice "
            + "while running them); by default a rerun skips them.").build());
    spec.addOption(ParamOptions.text("--master", "URL", "Spark master for `restyle run` (not spark-submit). "
        + "Default: local[*]."));
    spec.addOption(ParamOptions.conf("A Spark (or spark.hadoop.*) setting; repeatable. Values of secret keys "
        + "(credentials, tokens, passwords) are never printed."));
    spec.addOption(ParamOptions.text("--report", "DIR", "At the end, write the run's HTML report to "
        + "DIR/index.html."));
    ParamOptions.add(spec, JobFlags.ALL);
    ParamOptions.addStyleParams(spec);
    return spec;
  }

  /** @throws IllegalArgumentException naming the flag: JobConfigException or InvalidParamException */
  public static JobConfig parse(String[] args) {
    try {
      return config(commandLine().parseArgs(args), null, false);
    } catch (CommandLine.ParameterException e) {
      throw new JobConfigException(e.getMessage());
    }
  }

  /** Later flags win, so launchers can put conf/restyle-defaults.conf first and the user's flags after. */
  private static CommandLine commandLine() {
    return new CommandLine(spec()).setOverwrittenOptionsAllowed(true);
  }

  private static JobConfig config(ParseResult parsed, String defaultMaster, boolean weightsExplained) {
    String master = text(parsed, "--master");
    return new JobConfig(catalog(parsed),
        new JobConfig.Inputs(parsed.matchedOptionValue("--allow-input-prefix", List.<String>of())),
        output(parsed), weights(parsed), ParamOptions.styleParams(parsed),
        new JobConfig.Limits(ParamOptions.value(parsed, JobFlags.MAX_INPUT_PIXELS),
            ParamOptions.value(parsed, JobFlags.MAX_INPUT_BYTES),
            ParamOptions.value(parsed, JobFlags.STYLE_CACHE_MB) * 1024 * 1024,
            ParamOptions.value(parsed, JobFlags.MAX_FAILED_FRACTION), byteSize(parsed, "--max-pair-memory"),
            duration(parsed, "--pair-timeout")),
        new JobConfig.Execution(Math.toIntExact(ParamOptions.value(parsed, JobFlags.PARTITIONS)),
            ParamOptions.value(parsed, JobFlags.COMMIT_EVERY), parsed.matchedOptionValue("--skip-done", false),
            parsed.hasMatchedOption("--dry-run"), ParamOptions.value(parsed, JobFlags.DEVICE),
            parsed.hasMatchedOption("--retry-lost"), parsed.hasMatchedOption("--recompute"),
            Math.toIntExact(ParamOptions.value(parsed, JobFlags.BATCH_PAIRS))),
        new JobConfig.SparkOptions(master != null ? master : defaultMaster, ParamOptions.confValues(parsed)),
        weightsExplained);
  }

  /** Bytes of a size like 6g or 512m; 0 for auto (or not given). */
  private static long byteSize(ParseResult parsed, String flag) {
    String value = text(parsed, flag);
    return value == null || value.equalsIgnoreCase("auto") ? 0
        : positive(flag, value, JavaUtils::byteStringAsBytes, "a size such as 6g or 512m, or auto");
  }

  /** Milliseconds of a duration like 90s, 20m or 2h; 0 when not given. */
  private static long duration(ParseResult parsed, String flag) {
    String value = text(parsed, flag);
    return value == null ? 0 : positive(flag, value, JavaUtils::timeStringAsMs, "a duration such as 90s, 20m or 2h");
  }

  /** Spark's own parsing of sizes and durations, as its settings take them; above zero. */
  private static long positive(String flag, String value, ToLongFunction<String> parse, String expected) {
    long parsed;
    try {
      parsed = parse.applyAsLong(value);
    } catch (NumberFormatException e) {
      parsed = 0;
    }
    if (parsed <= 0) {
      throw new JobConfigException(flag + " '" + value + "' is invalid; give " + expected);
    }
    return parsed;
  }

  private static JobConfig.CatalogSource catalog(ParseResult parsed) {
    String pairs = text(parsed, "--pairs");
    String content = text(parsed, "--content");
    String style = text(parsed, "--style");
    if (pairs == null && (content == null || style == null)) {
      throw new JobConfigException("give --pairs URI, or both --content GLOB and --style GLOB");
    }
    if (pairs != null && (content != null || style != null)) {
      throw new JobConfigException("--pairs cannot be combined with --content/--style");
    }
    return pairs != null ? new JobConfig.CatalogSource.Manifest(pairs)
        : new JobConfig.CatalogSource.Globs(content, style, ParamOptions.value(parsed, JobFlags.MODE));
  }

  private static JobConfig.Output output(ParseResult parsed) {
    String runId = text(parsed, "--run-id");
    if (runId == null) {
      runId = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
    if (!SAFE_RUN_ID.matcher(runId).matches()) {
      throw new JobConfigException("--run-id '" + runId + "' is invalid; allowed: letters, digits, . _ = -"
          + " (at most 100, not starting with a symbol)");
    }
    return new JobConfig.Output(required(parsed, "--output"), runId);
  }

  private static WeightsSource weights(ParseResult parsed) {
    try {
      return WeightsSource.parse(required(parsed, "--weights"));
    } catch (InvalidWeightsException e) {
      throw new JobConfigException(e.getMessage());
    }
  }

  private static String text(ParseResult parsed, String flag) {
    return parsed.hasMatchedOption(flag) ? parsed.matchedOptionValue(flag, (String) null) : null;
  }

  private static String required(ParseResult parsed, String flag) {
    String value = text(parsed, flag);
    if (value == null || value.isBlank()) {
      throw new JobConfigException("missing required flag " + flag);
    }
    return value;
  }
}
