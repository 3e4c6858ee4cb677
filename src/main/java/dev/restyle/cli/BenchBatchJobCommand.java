package dev.restyle.cli;

import dev.restyle.bench.ScaleCatalog;
import dev.restyle.spark.JobConfig;
import dev.restyle.spark.RestyleJob;
import dev.restyle.spark.RunSummary;
import dev.restyle.spark.SparkSessions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code restyle bench-batch-job}: the real job over the same small catalog with {@code --batch-pairs 1} and
 * {@code --batch-pairs N}, in alternating rounds in one Spark session, per optimizer: each run's own time and
 * the speed-up, the median of the rounds' ratios. Issue 15's targets are stated for 16 pairs at 64 px, 20
 * iterations, on local[2] with 2 partitions: the defaults.
 */
final class BenchBatchJobCommand {

  int run(String[] args, PrintStream out, PrintStream err) {
    CommandSpec spec = CommandSpec.create().name("restyle bench-batch-job").mixinStandardHelpOptions(true);
    spec.usageMessage().description("Times the real job with --batch-pairs 1 against --batch-pairs N, in "
        + "alternating rounds.");
    option(spec, "--pairs", "N", "16", "Pairs in the catalog.");
    option(spec, "--size", "PX", "64", "Output size.");
    option(spec, "--iterations", "N", "20", "Iterations per pair.");
    option(spec, "--partitions", "N", "2", "Spark partitions (tasks) of the wave.");
    option(spec, "--batch", "N", "4", "The batch size compared with 1.");
    option(spec, "--rounds", "N", "3", "Measured rounds per optimizer, after one warm-up round.");
    spec.addOption(OptionSpec.builder("--precision").paramLabel("fp32|bf16").type(String.class).defaultValue("fp32")
        .description("The pairs' precision. Default: ${DEFAULT-VALUE}.").build());
    spec.addOption(OptionSpec.builder("--master").paramLabel("URL").type(String.class).defaultValue("local[2]")
        .description("Spark master. Default: ${DEFAULT-VALUE}.").build());
    spec.addOption(OptionSpec.builder("--dir").paramLabel("DIR").type(Path.class)
        .defaultValue("target/bench-batch-job").description("Scratch folder. Default: ${DEFAULT-VALUE}.").build());
    CommandLine commandLine = new CommandLine(spec);
    ParseResult parsed;
    try {
      parsed = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("restyle bench-batch-job: " + e.getMessage());
      return 2;
    }
    if (parsed.isUsageHelpRequested()) {
      commandLine.usage(out);
      return 0;
    }
    try {
      return measure(parsed, out);
    } catch (IOException | RuntimeException e) {
      err.println("restyle bench-batch-job: " + e);
      return 1;
    }
  }

  private static void option(CommandSpec spec, String name, String label, String defaultValue, String description) {
    spec.addOption(OptionSpec.builder(name).paramLabel(label).type(int.class).defaultValue(defaultValue)
        .description(description + " Default: ${DEFAULT-VALUE}.").build());
  }

  private int measure(ParseResult parsed, PrintStream out) throws IOException {
    int pairs = parsed.matchedOptionValue("--pairs", 16);
    int size = parsed.matchedOptionValue("--size", 64);
    int iterations = parsed.matchedOptionValue("--iterations", 20);
    int partitions = parsed.matchedOptionValue("--partitions", 2);
    int batch = parsed.matchedOptionValue("--batch", 4);
    int rounds = parsed.matchedOptionValue("--rounds", 3);
    String master = parsed.matchedOptionValue("--master", "local[2]");
    String precision = parsed.matchedOptionValue("--precision", "fp32");
    Path dir = parsed.matchedOptionValue("--dir", Path.of("target/bench-batch-job")).toAbsolutePath();
    Path manifest = ScaleCatalog.write(dir.resolve("catalog"), pairs);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    SparkSession spark = SparkSessions.start("restyle bench-batch-job", master, java.util.Map.of(
        "spark.ui.enabled", "false"));
    int failed = 0;
    try {
      out.printf(Locale.ROOT, "restyle bench-batch-job: %d pairs at %d px, %d iterations, %s, %d partitions on %s; "
          + "each run's own time (planning and commits included), %d rounds after a warm-up%n", pairs, size,
          iterations, precision, partitions, master, rounds);
      out.printf("%-9s %8s %8s %10s %10s %12s %12s%n", "optimizer", "batch", "runs", "median s", "pairs/h",
          "speed-up", "range");
      int run = 0;
      for (String optimizer : List.of("adam", "lbfgs")) {
        List<Double> alone = new ArrayList<>();
        List<Double> batched = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
          boolean aloneFirst = round % 2 == 0;
          for (int side = 0; side < 2; side++) {
            boolean isAlone = (side == 0) == aloneFirst;
            RunSummary summary = RestyleJob.run(spark, config(manifest, dir, "r" + run++, optimizer, size,
                iterations, partitions, isAlone ? 1 : batch, precision), quiet);
            failed += (int) summary.failed();
            if (round > 0) {
              (isAlone ? alone : batched).add(summary.seconds());
            }
          }
        }
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          ratios.add(alone.get(round) / batched.get(round));
        }
        print(out, optimizer, 1, alone, pairs, List.of());
        print(out, optimizer, batch, batched, pairs, ratios);
      }
    } finally {
      spark.stop();
    }
    return failed == 0 ? 0 : 1;
  }

  private static JobConfig config(Path manifest, Path dir, String runId, String optimizer, int size, int iterations,
      int partitions, int batch, String precision) {
    return RunCommand.parse(new String[] {"--pairs", manifest.toString(), "--output", dir.resolve("out").toString(),
        "--weights", "untrained:seed=0", "--run-id", runId, "--size", Integer.toString(size), "--iterations",
        Integer.toString(iterations), "--optimizer", optimizer, "--partitions", Integer.toString(partitions),
        "--batch-pairs", Integer.toString(batch), "--precision", precision, "--no-skip-done", "--recompute"});
  }

  private static void print(PrintStream out, String optimizer, int batch, List<Double> seconds, int pairs,
      List<Double> ratios) {
    double median = median(seconds);
    out.printf(Locale.ROOT, "%-9s %8d %8d %10.2f %10.0f %12s %12s%n", optimizer, batch, seconds.size(), median,
        pairs * 3600 / median, ratios.isEmpty() ? "1.00" : String.format(Locale.ROOT, "%.2f", median(ratios)),
        ratios.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f-%.2f", ratios.stream().mapToDouble(d -> d).min()
            .orElseThrow(), ratios.stream().mapToDouble(d -> d).max().orElseThrow()));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
