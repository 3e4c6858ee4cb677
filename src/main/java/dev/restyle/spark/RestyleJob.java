package dev.restyle.spark;

import static org.apache.spark.sql.functions.col;

import dev.restyle.metrics.MetricsSchema;
import dev.restyle.metrics.RunLedger;
import dev.restyle.model.Preprocessing;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.WeightsSource;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.storage.InputPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The batch job: catalog → planned pairs → (minus those already done) → waves of executor tasks with a
 * cached VGG19 → images and a Parquet metrics row per pair. It knows nothing of command lines: it is given
 * a validated {@link JobConfig} and a session, and returns a {@link RunSummary}.
 */
public final class RestyleJob {

  /** Tasks above which a wave's rows are shuffled into one file. */
  static final int FILES_PER_WAVE = 4;

  private final SparkSession spark;
  private final JobConfig config;
  private final PrintStream out;

  private RestyleJob(SparkSession spark, JobConfig config, PrintStream out) {
    this.spark = spark;
    this.config = config;
    this.out = out;
  }

  /**
   * Runs the whole catalog. Finished waves stay committed whatever happens later.
   *
   * @throws JobConfigException when the catalog itself is unusable (no pairs, duplicate ids, …)
   * @throws InvalidWeightsException when the weights cannot be used, before any pair runs
   */
  public static RunSummary run(SparkSession spark, JobConfig config, PrintStream out) throws IOException {
    return new RestyleJob(spark, config, out).execute();
  }

  private RunSummary execute() throws IOException {
    long start = System.nanoTime();
    out.print(config.describe());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String weightsId = checkWeights(hadoop);

    InputPolicy inputs = inputPolicy(hadoop);
    out.println("  inputs                 " + inputs.describe());

    // A manifest in one small file is one partition, and would be planned on one slot while the others wait.
    Dataset<Row> catalog = Catalog.read(spark, hadoop, config.catalog())
        .repartition(spark.sparkContext().defaultParallelism());
    PairMemoryBudget memory = memoryBudget();
    Dataset<Row> planned = catalog
        .map(new PairPlanner(config.params(), Catalog.baseDir(config.catalog()), inputs, memory, weightsId),
            Encoders.row(PlannedPair.SCHEMA))
        .persist();
    Dataset<Row> reused = null;
    try {
      // One pass fills the cache and gives the count, and in a dry run every figure of the report.
      DryRun.Figures planFigures = DryRun.figures(planned);
      long total = planFigures.pairs();
      if (total == 0) {
        throw new JobConfigException("--pairs " + Catalog.describe(config.catalog()) + " has no pairs");
      }
      checkUniqueIds(planned);
      Dataset<Row> todo = planned;
      boolean skipDone = config.execution().skipDone() && !config.execution().recompute();
      Dataset<Row> done = skipDone
          ? RunLedger.done(spark, hadoop, config.output().metricsDir(), config.output().runId(),
              config.execution().retryLost()) : null;
      if (done != null) {
        todo = planned.join(done, scala.jdk.javaapi.CollectionConverters.asScala(
            List.of("pair_id", "params_hash")).toSeq(), "left_anti")
            .selectExpr(PlannedPair.SCHEMA.fieldNames()); // a USING join moves the keys first
      }
      long notDone = done == null ? total : todo.count();
      reused = skipDone ? reusedOutputs(todo, hadoop, weightsId) : null;
      long reusedCount = reused == null ? 0 : reused.count();
      if (reusedCount > 0) {
        todo = todo.join(reused.select("pair_id"), scala.jdk.javaapi.CollectionConverters.asScala(
            List.of("pair_id")).toSeq(), "left_anti").selectExpr(PlannedPair.SCHEMA.fieldNames());
      }
      long remaining = notDone - reusedCount;
      if (config.execution().dryRun()) {
        DryRun.Figures toRun = done == null && reusedCount == 0 ? planFigures : DryRun.figures(todo);
        out.print(DryRun.report(toRun, total, waveSize(), partitions(Math.min(waveSize(), remaining))));
        if (reused != null) {
          out.printf("  of those done, %d made by earlier runs, to be recorded as REUSED%n", reusedCount);
        }
        RunSummary planOnly = new RunSummary(config.output().runId(), 0, 0, total - notDone, reusedCount, total,
            (System.nanoTime() - start) / 1e9);
        out.println(planOnly.line() + " (dry run: nothing was run or written)");
        return planOnly;
      }
      if (reusedCount > 0) {
        // Recorded before any wave, through the same staged commit: a run cut off later still has them.
        spark.sparkContext().setJobGroup("restyle-" + config.output().runId(), "Restyle run "
            + config.output().runId() + ": " + reusedCount + " REUSED rows", false);
        StagedAppend.append(reused, config.output().metricsDir(), config.output().runId(), hadoop);
        spark.sparkContext().clearJobGroup();
      }
      JobProgress progress = new JobProgress(spark.sparkContext());
      progress.skipped(total - notDone);
      progress.reused(reusedCount);
      if (remaining > 0) {
        try (RunProgress lines = new RunProgress(config.output().runId(), progress, total, out)) {
          process(todo, remaining, hadoop, inputs, progress, lines, memory);
        }
        // Every pair is recorded now, so the markers of pairs whose executor died are no longer needed.
        new InflightMarkers(config.output().metricsDir(), config.output().runId(),
            spark.sparkContext().applicationId(), hadoop).clear();
      }
      compact(hadoop);
      RunSummary summary = new RunSummary(config.output().runId(), progress.doneCount(), progress.failedCount(),
          progress.skippedCount(), progress.reusedCount(), total, (System.nanoTime() - start) / 1e9);
      out.println(summary.line());
      return summary;
    } finally {
      planned.unpersist();
      if (reused != null) {
        reused.unpersist();
      }
    }
  }

  private void process(Dataset<Row> todo, long remaining, Configuration hadoop, InputPolicy inputs,
      JobProgress progress, RunProgress lines, PairMemoryBudget memory) {
    PairTask task = new PairTask(config.output(), config.weights(), new HadoopConf(hadoop), config.limits(),
        inputs, progress, config.execution().device(),
        new BatchPairs(config.execution().batchPairs(), memory.bytes()));
    int slots = spark.sparkContext().defaultParallelism();
    Waves waves = new Waves(todo, remaining, waveSize(), this::partitions, Waves.sortTasks(remaining, slots));
    String runId = config.output().runId();
    try {
      boolean bySize = config.execution().commitEvery() > 0;
      long perCommit = 1;
      double partitionSeconds = 0;
      long commit = 0;
      for (long first = 0, taken; first < waves.count(); first += taken, commit++) {
        taken = Math.min(perCommit, waves.count() - first);
        long estimate = commit + Waves.count(waves.count() - first, taken);
        spark.sparkContext().setJobGroup("restyle-" + runId, Waves.description(runId, commit, estimate, remaining)
            + " — " + lines.figures(), false);
        long start = System.nanoTime();
        int partitions = waves.tasksOf(first, taken);
        int tasks = partitionsGiven() ? partitions : Waves.tasksFor(partitions, partitionSeconds, slots);
        write(waves.waves(first, taken, tasks, slots), tasks, task, hadoop);
        lines.print();
        double seconds = (System.nanoTime() - start) / 1e9;
        // A partition's time as the commit measured it, with every slot busy: its slot time over its partitions.
        partitionSeconds = seconds * Math.min(slots, tasks) / partitions;
        perCommit = bySize ? 1 : Waves.nextWaves(taken, seconds);
      }
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /**
   * Merges the run's metrics files ({@link RunCompaction}), also those of earlier tries of this run id. A
   * failure here loses nothing (every row is already published) and does not fail the run: the next run of
   * this id compacts again.
   */
  private void compact(Configuration hadoop) {
    try {
      int files = new RunCompaction(spark, hadoop, config.output().metricsDir(), config.output().runId()).compact();
      out.println("  metrics files          " + files + " under run_id=" + config.output().runId());
    } catch (Exception e) {
      out.println("  metrics files          not compacted this time (" + e + "); the next run of "
          + config.output().runId() + " tries again");
    }
  }

  /**
   * Pairs per wave. With --commit-every each wave is one metrics commit; without it a commit takes as many
   * waves as keep it about a minute long ({@link Waves#nextWaves}).
   */
  private long waveSize() {
    long commitEvery = config.execution().commitEvery();
    return commitEvery > 0 ? commitEvery : Math.max(64, 8L * spark.sparkContext().defaultParallelism());
  }

  /** Whether --partitions fixed each wave's tasks: then commits keep them as they are, never merged. */
  private boolean partitionsGiven() {
    return config.execution().partitions() > 0;
  }

  /** Tasks for a wave of this many pairs. */
  private int partitions(long inWave) {
    return partitionsGiven() ? config.execution().partitions()
        : (int) Math.max(1, Math.min(inWave, 2L * spark.sparkContext().defaultParallelism()));
  }

  /**
   * One commit: its pairs' images, then their metrics rows, staged and published ({@link StagedAppend}). A
   * commit with more tasks than {@value #FILES_PER_WAVE} shuffles its tiny result rows into one file, so a run on
   * hundreds of executors adds one file per commit, not one per task; the shuffle is a stage after the
   * optimization, which keeps all of the commit's tasks (a coalesce would run them in one). The rows cross it as
   * plain Rows, and become the table's rows after it: that conversion generates code for the wide metrics
   * schema, tens of milliseconds that every pair task would otherwise pay again. Smaller commits write a file
   * per task and skip that stage, and {@link RunCompaction} merges the files at the run's end.
   */
  private void write(JavaRDD<Row> pairs, int tasks, PairTask task, Configuration hadoop) {
    JavaRDD<Row> rows = pairs.mapPartitions(task::call);
    StagedAppend.append(spark.createDataFrame(tasks > FILES_PER_WAVE ? rows.repartition(1) : rows,
        MetricsSchema.SCHEMA), config.output().metricsDir(), config.output().runId(), hadoop);
  }

  /**
   * The input rules for this session's master (under spark-submit only the session knows it). Paths
   * without a scheme resolve where Hadoop resolves them: the default file system's working directory.
   */
  private InputPolicy inputPolicy(Configuration hadoop) throws IOException {
    String workingDir = FileSystem.get(hadoop).getWorkingDirectory().toString();
    try {
      return InputPolicy.forRun(config.inputs().allowedPrefixes(), spark.sparkContext().master(), workingDir);
    } catch (IllegalArgumentException e) {
      throw new JobConfigException(e.getMessage());
    }
  }

  private PairMemoryBudget memoryBudget() {
    var context = spark.sparkContext();
    PairMemoryBudget budget = config.limits().maxPairMemoryBytes() > 0
        ? PairMemoryBudget.given(config.limits().maxPairMemoryBytes())
        : PairMemoryBudget.auto(context.getConf(), context.master(), context.defaultParallelism());
    out.println("  pair memory limit      " + dev.restyle.transfer.PairMemoryEstimate.gib(budget.bytes()) + " ("
        + budget.source() + ")");
    return budget;
  }

  /**
   * With --skip-done: the pairs to run that earlier runs have made, as REUSED rows, persisted (their lookup
   * asks storage about each input once); null when there are no earlier metrics.
   */
  private Dataset<Row> reusedOutputs(Dataset<Row> todo, Configuration hadoop, String weightsId) throws IOException {
    Dataset<Row> earlier = RunLedger.earlierOutputs(spark, hadoop, config.output().metricsDir(),
        config.output().runId(), weightsId);
    return earlier == null ? null : ReusedOutputs.find(todo, earlier, config.output().runId(), new HadoopConf(hadoop),
        config.limits().maxInputBytes()).persist();
  }

  /** @return the weights' identity, as executors record it in {@code weights_id} */
  private String checkWeights(Configuration hadoop) throws IOException {
    WeightsSource given = config.weights();
    WeightsFetcher.LocalWeights local = WeightsFetcher.fetch(given, hadoop);
    try {
      Vgg19Weights.validate(local.source(), config.params().losses().deepestLayer(),
          config.params().preprocessing(), local.identity());
    } catch (InvalidWeightsException e) {
      if (local.source().equals(given)) {
        throw e;
      }
      // Weights from s3a://, hdfs://, … are checked in their local copy: name the file the user gave.
      String message = e.getMessage();
      String copy = local.source().spec();
      throw new InvalidWeightsException(message.contains(copy) ? message.replace(copy, given.spec())
          : given.spec() + ": " + message, e);
    }
    out.println("  weights_id             " + local.identity());
    out.println("  preprocessing          " + config.params().preprocessing().resolve(local.identity()).id()
        + (config.params().preprocessing() == Preprocessing.AUTO ? " (auto)" : ""));
    if (given instanceof WeightsSource.Untrained untrained && !config.weightsExplained()) {
      out.println(untrained.warning());
    }
    return local.identity();
  }

  private void checkUniqueIds(Dataset<Row> planned) {
    List<Row> duplicates = planned.groupBy("pair_id").count().where(col("count").gt(1)).limit(5).collectAsList();
    if (!duplicates.isEmpty()) {
      List<String> ids = new ArrayList<>();
      duplicates.forEach(r -> ids.add(r.getString(0) + " (" + r.getLong(1) + "×)"));
      throw new JobConfigException("--pairs " + Catalog.describe(config.catalog()) + " has duplicate pair_id: "
          + String.join(", ", ids));
    }
  }
}
