package dev.restyle.cli;

import dev.restyle.bench.ScaleCatalog;
import dev.restyle.bench.ScaleFigures;
import dev.restyle.bench.TaskTime;
import dev.restyle.spark.JobConfig;
import dev.restyle.spark.RestyleJob;
import dev.restyle.spark.RunSummary;
import dev.restyle.spark.SparkSessions;
import dev.restyle.support.ProcessMemory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code restyle bench-scale --pairs N}: N tiny pairs (16 px, 1 iteration) through the real job on an
 * embedded local master, to measure what the job costs around the pairs: wall time, the pairs' own time as a
 * fraction of the task slots, the metrics files, the driver's peak memory, the report's size and time, and a
 * --skip-done rerun. Flags it does not know go to the job (e.g. {@code --commit-every 500}).
 */
final class BenchScaleCommand {

  static final String RUN_ID = "scale";

  int run(String[] args, PrintStream out, PrintStream err) {
    CommandSpec spec = CommandSpec.create().name("restyle bench-scale").mixinStandardHelpOptions(true);
    spec.usageMessage().description("Runs N tiny pairs (16 px, 1 iteration) through the real job and prints "
        + "where the time goes. Other flags are passed to the job.");
    spec.addOption(OptionSpec.builder("--pairs").paramLabel("N").type(int.class).required(true)
        .description("Pairs to make and run.").build());
    spec.addOption(OptionSpec.builder("--dir").paramLabel("DIR").type(Path.class)
        .defaultValue("target/bench-scale").description("Scratch folder, emptied first. Default: ${DEFAULT-VALUE}.")
        .build());
    spec.addOption(OptionSpec.builder("--master").paramLabel("URL").type(String.class).defaultValue("local[2]")
        .description("Spark master. Default: ${DEFAULT-VALUE}.").build());
    CommandLine commandLine = new CommandLine(spec).setUnmatchedArgumentsAllowed(true)
        .setUnmatchedOptionsArePositionalParams(false);
    ParseResult parsed;
    try {
      parsed = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println("restyle bench-scale: " + e.getMessage());
      return 2;
    }
    if (parsed.isUsageHelpRequested()) {
      commandLine.usage(out);
      return 0;
    }
    int pairs = parsed.matchedOptionValue("--pairs", 0);
    Path dir = parsed.matchedOptionValue("--dir", Path.of("target/bench-scale")).toAbsolutePath();
    String master = parsed.matchedOptionValue("--master", "local[2]");
    try {
      return measure(pairs, dir, master, parsed.unmatched(), out);
    } catch (Exception e) {
      err.println("restyle bench-scale: " + e);
      return 1;
    }
  }

  private int measure(int pairs, Path dir, String master, List<String> jobFlags, PrintStream out)
      throws IOException, java.util.concurrent.TimeoutException {
    deleteTree(dir);
    Path manifest = ScaleCatalog.write(dir.resolve("catalog"), pairs);
    String output = dir.resolve("out").toString();
    List<String> args = new ArrayList<>(List.of("--pairs", manifest.toString(), "--output", output, "--weights",
        "untrained:seed=0", "--run-id", RUN_ID, "--size", "16", "--iterations", "1", "--master", master,
        "--conf", "spark.ui.enabled=false"));
    args.addAll(jobFlags);
    JobConfig first = RunCommand.parse(args.toArray(String[]::new));
    List<String> rerunArgs = new ArrayList<>(args);
    rerunArgs.add("--skip-done");
    JobConfig rerun = RunCommand.parse(rerunArgs.toArray(String[]::new));

    resetHeapPeaks();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    SparkSession spark = SparkSessions.start("restyle bench-scale", master, first.spark().conf());
    int slots = spark.sparkContext().defaultParallelism();
    RunSummary run;
    RunSummary again;
    ScaleFigures figures;
    try {
      TaskTime taskTime = TaskTime.listenTo(spark.sparkContext());
      run = RestyleJob.run(spark, first, quiet);
      spark.sparkContext().listenerBus().waitUntilEmpty(); // every task of the run counted
      spark.sparkContext().removeSparkListener(taskTime);
      long heapPeak = heapPeakMiB();
      figures = ScaleFigures.of(spark, first.output().metricsDir(), RUN_ID);
      again = RestyleJob.run(spark, rerun, quiet);
      out.printf("restyle bench-scale: %d tiny pairs (16 px, 1 iteration) on %s, %d task slots%n", pairs, master,
          slots);
      out.printf("run          %s%n", run.line());
      out.printf("wall         %.1f s (%.1f ms per pair)%n", run.seconds(), 1000 * run.seconds() / pairs);
      out.printf("pairs' time  %.1f s = %.1f %% of %d slots × %.1f s%n", figures.pairSeconds(),
          100 * figures.slotFraction(run.seconds(), slots), slots, run.seconds());
      out.printf("tasks' time  %.1f s = %.1f %% of the slots, in %d tasks; the pairs' time is %.1f %% of it%n",
          taskTime.seconds(), 100 * taskTime.seconds() / (slots * run.seconds()), taskTime.tasks(),
          100 * figures.pairSeconds() / taskTime.seconds());
      out.printf("metrics      %d rows in %d Parquet files under run_id=%s%n", figures.rows(), figures.files(), RUN_ID);
      out.printf("driver peak  heap %d MiB, process RSS %d MiB (local: the executors share the driver's JVM)%n",
          heapPeak, ProcessMemory.peakRssMiB());
      out.printf("skip-done    %.1f s (%d skipped, %d run)%n", again.seconds(), again.skipped(),
          again.done() + again.failed());
    } finally {
      spark.stop();
    }
    Path report = dir.resolve("report");
    long reportStart = System.nanoTime();
    int reportExit = new ReportCommand().run(new String[] {"--metrics", first.output().metricsDir(), "--run-id",
        RUN_ID, "--out", report.toString()}, quiet, quiet);
    double reportSeconds = (System.nanoTime() - reportStart) / 1e9;
    out.printf("report       %s in %.1f s (exit %d, restyle report's own session included)%n",
        mib(treeBytes(report)), reportSeconds, reportExit);
    return run.failed() == 0 ? 0 : 1;
  }

  private static void resetHeapPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
  private static long heapPeakMiB() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes >> 20;
  }

  private static String mib(long bytes) {
    return String.format("%.2f MiB", bytes / (1024.0 * 1024.0));
  }

  private static long treeBytes(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
