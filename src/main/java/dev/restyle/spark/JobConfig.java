package dev.restyle.spark;

import dev.restyle.transfer.ParamDef;
import dev.restyle.transfer.StyleParamTable;
import dev.restyle.transfer.StyleParams;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The job's flags, parsed and validated once at start. Errors name the flag (exit code 2). */
public record JobConfig(
    String pairs,
    String contentGlob,
    String styleGlob,
    String mode,
    String output,
    String weights,
    String runId,
    boolean skipDone,
    double maxFailedFraction,
    int partitions,
    long maxInputPixels,
    long maxInputBytes,
    long styleCacheBytes,
    String master,
    Map<String, String> conf,
    Map<String, String> styleParams,
    String failFirstAttemptMarkers,
    long commitEvery,
    int stopAfterWaves,
    String report,
    boolean help) {

  private static final Pattern SAFE_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=-]{0,99}");
  private static final List<String> SECRET_WORDS = List.of("secret", "password", "token", "credential", "key");

  public static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name("restyle run").mixinStandardHelpOptions(true);
    spec.usageMessage().description("Stylize a catalog of content/style pairs with Spark; writes images and "
        + "Parquet metrics under --output.");
    option(spec, "--pairs", "URI", "Manifest: CSV with header, JSON Lines or Parquet; columns content_uri, "
        + "style_uri, optional pair_id and per-pair parameter overrides.");
    option(spec, "--content", "GLOB", "Content images (with --style), instead of --pairs.");
    option(spec, "--style", "GLOB", "Style images (with --content).");
    option(spec, "--mode", "cross|zip", "Pairing of --content and --style. Default: cross.");
    option(spec, "--output", "URI", "Where images/ and metrics/ are written (s3a://, hdfs://, file:).");
    option(spec, "--weights", "URI|untrained:seed=N", "VGG19 state dict on any Hadoop file system or local disk.");
    option(spec, "--run-id", "ID", "Names the run in keys and metrics. Default: the UTC time, yyyyMMdd-HHmmss.");
    spec.addOption(OptionSpec.builder("--skip-done").arity("0")
        .description("Skip pairs that already have a SUCCEEDED row for this run id and the same parameters.")
        .build());
    option(spec, "--max-failed-fraction", "F", "Exit 0 while failed/all ≤ F. Default: 0.");
    option(spec, "--partitions", "N", "Spark partitions for the pairs. Default: 2 × default parallelism.");
    option(spec, "--max-input-pixels", "N", "Refuse images whose header declares more. Default: 100000000.");
    option(spec, "--max-input-bytes", "N", "Refuse image files larger than this. Default: 268435456.");
    option(spec, "--style-cache-mb", "N", "Style-target cache per executor and device. Default: 256.");
    option(spec, "--master", "URL", "Spark master for `restyle run` (not spark-submit). Default: local[*].");
    spec.addOption(OptionSpec.builder("--conf").paramLabel("KEY=VALUE").type(List.class)
        .auxiliaryTypes(String.class).arity("1")
        .description("A Spark (or spark.hadoop.*) setting; repeatable. Values of secret-looking keys are "
            + "never printed.").build());
    option(spec, "--report", "DIR", "At the end, write the run's HTML report to DIR/index.html.");
    option(spec, "--commit-every", "N", "Commit metrics every N pairs, so a killed run keeps its finished work. "
        + "Default: max(64, 8 × default parallelism).");
    spec.addOption(OptionSpec.builder("--test-fail-first-attempt").paramLabel("DIR").type(String.class)
        .hidden(true).build());
    spec.addOption(OptionSpec.builder("--test-stop-after-waves").paramLabel("N").type(String.class)
        .hidden(true).build());
    for (ParamDef def : StyleParamTable.ALL) {
      option(spec, def.flag(), "<" + def.name() + ">",
          def.description() + " Allowed: " + def.allowed() + ". Default: " + def.defaultValue() + ".");
    }
    return spec;
  }

  /** @throws JobConfigException naming the flag */
  public static JobConfig parse(String[] args) {
    ParseResult parsed;
    try {
      // Later flags win, so launchers can put conf/restyle-defaults.conf first and the user's flags after.
      parsed = new CommandLine(spec()).setOverwrittenOptionsAllowed(true).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new JobConfigException(e.getMessage());
    }
    if (parsed.isUsageHelpRequested()) {
      return new JobConfig(null, null, null, null, null, null, null, false, 0, 0, 0, 0, 0, null, Map.of(), Map.of(),
          null, 0, 0, null, true);
    }
    String pairs = value(parsed, "--pairs", null);
    String content = value(parsed, "--content", null);
    String style = value(parsed, "--style", null);
    if (pairs == null && (content == null || style == null)) {
      throw new JobConfigException("give --pairs URI, or both --content GLOB and --style GLOB");
    }
    if (pairs != null && (content != null || style != null)) {
      throw new JobConfigException("--pairs cannot be combined with --content/--style");
    }
    String output = required(parsed, "--output");
    String weights = required(parsed, "--weights");
    String runId = value(parsed, "--run-id",
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    if (!SAFE_RUN_ID.matcher(runId).matches()) {
      throw new JobConfigException("--run-id '" + runId + "' is invalid; allowed: letters, digits, . _ = -"
          + " (at most 100, not starting with a symbol)");
    }
    double maxFailed = number(parsed, "--max-failed-fraction", "0", 0, 1);
    Map<String, String> styleParams = new LinkedHashMap<>();
    for (ParamDef def : StyleParamTable.ALL) {
      if (parsed.hasMatchedOption(def.flag())) {
        styleParams.put(def.name(), parsed.matchedOptionValue(def.flag(), ""));
      }
    }
    StyleParams.of(styleParams); // validates the job-wide flags once, at start
    Map<String, String> conf = new LinkedHashMap<>();
    List<String> confs = parsed.matchedOptionValue("--conf", List.<String>of());
    for (String kv : confs) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new JobConfigException("--conf '" + kv + "' is invalid; allowed: KEY=VALUE");
      }
      conf.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return new JobConfig(pairs, content, style, value(parsed, "--mode", "cross"), output, weights, runId,
        parsed.hasMatchedOption("--skip-done"), maxFailed, (int) number(parsed, "--partitions", "0", 0, 1e6),
        (long) number(parsed, "--max-input-pixels", "100000000", 1, 1e12),
        (long) number(parsed, "--max-input-bytes", "268435456", 1, 1e12),
        (long) (number(parsed, "--style-cache-mb", "256", 0, 1e6) * 1024 * 1024), value(parsed, "--master", null),
        conf, styleParams, value(parsed, "--test-fail-first-attempt", null),
        (long) number(parsed, "--commit-every", "0", 0, 1e9),
        (int) number(parsed, "--test-stop-after-waves", "0", 0, 1e6), value(parsed, "--report", null), false);
  }

  public String metricsDir() {
    return output.replaceAll("/+$", "") + "/metrics";
  }

  /** The configuration as printed at start: secrets redacted, whatever their source. */
  public String describe() {
    StringBuilder out = new StringBuilder("restyle run ").append(runId).append('\n');
    line(out, "pairs", pairs != null ? pairs : "--content " + contentGlob + " --style " + styleGlob + " --mode " + mode);
    line(out, "output", output);
    line(out, "weights", weights);
    line(out, "skip-done", Boolean.toString(skipDone));
    line(out, "max-failed-fraction", Double.toString(maxFailedFraction));
    styleParams.forEach((k, v) -> line(out, k, v));
    conf.forEach((k, v) -> line(out, "conf " + k, redact(k, v)));
    return out.toString();
  }

  /** Redacts by key, and by value too: -Dfs.s3a.secret.key=… can hide in extraJavaOptions. */
  public static String redact(String key, String value) {
    String lowerKey = key.toLowerCase(java.util.Locale.ROOT);
    String lowerValue = value.toLowerCase(java.util.Locale.ROOT);
    boolean secret = SECRET_WORDS.stream().anyMatch(word -> lowerKey.contains(word)
        || java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(word) + "[^=\\s]*=").matcher(lowerValue).find());
    return secret ? "*****" : value;
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format("  %-22s %s%n", key, value));
  }

  private static void option(CommandSpec spec, String flag, String label, String description) {
    spec.addOption(OptionSpec.builder(flag).paramLabel(label).type(String.class).description(description).build());
  }

  private static String value(ParseResult parsed, String flag, String fallback) {
    return parsed.hasMatchedOption(flag) ? parsed.matchedOptionValue(flag, fallback) : fallback;
  }

  private static String required(ParseResult parsed, String flag) {
    String value = value(parsed, flag, null);
    if (value == null || value.isBlank()) {
      throw new JobConfigException("missing required flag " + flag);
    }
    return value;
  }

  private static double number(ParseResult parsed, String flag, String fallback, double min, double max) {
    String raw = value(parsed, flag, fallback);
    try {
      double value = Double.parseDouble(raw);
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new JobConfigException(flag + " '" + raw + "' is invalid; allowed: " + ParamDefRange.of(min, max));
    }
  }

  private static final class ParamDefRange {
    static String of(double min, double max) {
      return (min == Math.rint(min) ? Long.toString((long) min) : Double.toString(min)) + ".."
          + (max == Math.rint(max) && max < 1e7 ? Long.toString((long) max) : Double.toString(max));
    }
  }
}
