package dev.restyle.spark;

import static org.apache.spark.sql.functions.col;

import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.transfer.StyleParams;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * The batch job: catalog → planned pairs → (minus those already done) → executors with a cached VGG19 →
 * images and a Parquet metrics row per pair. {@code main} is the spark-submit entry point; {@code restyle
 * run} calls {@link #run} with an embedded local master.
 *
 * <p>Exit codes: 0 when failed/all ≤ --max-failed-fraction, 1 otherwise or when the job cannot run
 * (e.g. unusable weights), 2 on bad arguments.
 */
public final class RestyleJob {

  /** Set by launchers that have already told the user which weights are used and why. */
  public static final String WEIGHTS_EXPLAINED = "restyle.weights.explained";

  private final SparkSession spark;
  private final JobConfig config;
  private final PrintStream out;

  RestyleJob(SparkSession spark, JobConfig config, PrintStream out) {
    this.spark = spark;
    this.config = config;
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, null, System.out, System.err));
  }

  /** @param defaultMaster the master when neither --master nor spark-submit gave one (local runs) */
  public static int run(String[] args, String defaultMaster, PrintStream out, PrintStream err) {
    JobConfig config;
    try {
      config = JobConfig.parse(args);
    } catch (IllegalArgumentException e) { // JobConfigException, or InvalidParamException from a flag
      err.println("restyle run: " + e.getMessage());
      err.println("Try --help for the flags and their defaults.");
      return 2;
    }
    if (config.help()) {
      new CommandLine(JobConfig.spec()).usage(out);
      return 0;
    }
    SparkSession spark = SparkSessions.create(config, defaultMaster);
    try {
      return new RestyleJob(spark, config, out).execute();
    } catch (JobConfigException e) {
      err.println("restyle run: " + e.getMessage());
      return 2;
    } catch (InvalidWeightsException | IOException e) {
      err.println("restyle run: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) { // the run itself broke (e.g. the cluster); finished waves are committed
      err.println("restyle run " + config.runId() + " failed: " + e);
      err.println("Finished pairs are recorded; rerun with --skip-done to do only the rest.");
      return 1;
    } finally {
      if (defaultMaster != null) {
        spark.stop();
      }
    }
  }

  int execute() throws IOException {
    long start = System.nanoTime();
    out.print(config.describe());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    StyleParams jobParams = StyleParams.of(config.styleParams());
    checkWeights(hadoop, jobParams);

    Dataset<Row> catalog = config.pairs() != null
        ? Catalog.manifest(spark, config.pairs())
        : Catalog.globs(spark, hadoop, config.contentGlob(), config.styleGlob(), config.mode());
    String manifestDir = config.pairs() == null ? null : new Path(config.pairs()).getParent().toString();
    Dataset<Row> planned = catalog
        .map(new PairPlanner(config.styleParams(), manifestDir), Encoders.row(PlannedPair.SCHEMA))
        .persist();
    try {
      long total = planned.count();
      if (total == 0) {
        throw new JobConfigException("--pairs " + config.pairs() + " has no pairs");
      }
      checkUniqueIds(planned);
      Dataset<Row> todo = planned;
      Dataset<Row> done = config.skipDone()
          ? RunLedger.succeeded(spark, hadoop, config.metricsDir(), config.runId()) : null;
      if (done != null) {
        todo = planned.join(done, scala.jdk.javaapi.CollectionConverters.asScala(
            List.of("pair_id", "params_hash")).toSeq(), "left_anti")
            .selectExpr(PlannedPair.SCHEMA.fieldNames()); // a USING join moves the keys first
      }
      long remaining = done == null ? total : todo.count();
      JobProgress progress = new JobProgress(spark.sparkContext());
      progress.skipped(total - remaining);
      if (remaining > 0) {
        process(todo, remaining, hadoop, progress);
      }
      int exitCode = summarize(progress, total, (System.nanoTime() - start) / 1e9);
      if (config.report() != null) {
        out.println("report: " + dev.restyle.report.RunReport.write(spark, config.metricsDir(), config.runId(),
            config.report()));
      }
      return exitCode;
    } finally {
      planned.unpersist();
    }
  }

  private void process(Dataset<Row> todo, long remaining, Configuration hadoop, JobProgress progress) {
    JobSettings settings = new JobSettings(config.runId(), config.output(), config.weights(),
        new HadoopConf(hadoop), config.maxInputPixels(), config.maxInputBytes(), config.styleCacheBytes(),
        config.failFirstAttemptMarkers());
    int parallelism = spark.sparkContext().defaultParallelism();
    long waveSize = config.commitEvery() > 0 ? config.commitEvery() : Math.max(64, 8L * parallelism);
    long waves = Waves.count(remaining, waveSize);
    Dataset<Row> numbered = Waves.assign(spark, todo, waveSize).persist();
    try {
      for (long wave = 0; wave < waves; wave++) {
        spark.sparkContext().setJobGroup("restyle-" + config.runId(), String.format(
            "Restyle run %s: wave %d of %d (%d pairs in all)", config.runId(), wave + 1, waves, remaining), false);
        Dataset<Row> pairs = numbered.where(col(Waves.WAVE).equalTo(wave)).drop(Waves.WAVE);
        long inWave = Math.min(waveSize, remaining - wave * waveSize);
        int partitions = config.partitions() > 0 ? config.partitions()
            : (int) Math.max(1, Math.min(inWave, 2L * parallelism));
        write(pairs, partitions, settings, progress);
        if (config.stopAfterWaves() > 0 && wave + 1 >= config.stopAfterWaves() && wave + 1 < waves) {
          throw new IllegalStateException("stopped after wave " + (wave + 1) + " (--test-stop-after-waves)");
        }
      }
    } finally {
      numbered.unpersist();
      spark.sparkContext().clearJobGroup();
    }
  }

  /** One wave: its pairs' images, then their metrics rows, in one append commit. */
  private void write(Dataset<Row> pairs, int partitions, JobSettings settings, JobProgress progress) {
    // Range partitioning by style keeps a style's pairs together (style-target cache hits) while still
    // splitting a style with many pairs over several tasks, which hash partitioning by style cannot.
    pairs.repartitionByRange(partitions, col("style_uri"), col("pair_id"))
        .sortWithinPartitions(col("style_uri"), col("pair_id"))
        .mapPartitions(new PairTask(settings, progress), Encoders.row(MetricsSchema.SCHEMA))
        .write()
        .mode(SaveMode.Append)
        .partitionBy("run_id")
        .parquet(config.metricsDir());
  }

  private void checkWeights(Configuration hadoop, StyleParams params) throws IOException {
    List<String> layers = new ArrayList<>(params.styleLayers());
    layers.add(params.contentLayer());
    WeightsFetcher.LocalWeights local = WeightsFetcher.fetch(config.weights(), hadoop);
    try {
      Vgg19Weights.validate(local.spec(), Vgg19Architecture.deepest(layers));
    } catch (InvalidWeightsException e) {
      if (local.spec().equals(config.weights())) {
        throw e;
      }
      // Weights from s3a://, hdfs://, … are checked in their local copy: name the file the user gave.
      String message = e.getMessage();
      throw new InvalidWeightsException(message.contains(local.spec())
          ? message.replace(local.spec(), config.weights()) : config.weights() + ": " + message, e);
    }
    out.println("  weights_id             " + local.identity());
    if (Vgg19Weights.isUntrained(config.weights()) && !Boolean.getBoolean(WEIGHTS_EXPLAINED)) {
      out.println("WARNING: " + local.identity() + " are random weights, not ImageNet's: results are a smoke "
          + "test, not art (README, 'VGG19 weights').");
    }
  }

  private void checkUniqueIds(Dataset<Row> planned) {
    List<Row> duplicates = planned.groupBy("pair_id").count().where(col("count").gt(1)).limit(5).collectAsList();
    if (!duplicates.isEmpty()) {
      List<String> ids = new ArrayList<>();
      duplicates.forEach(r -> ids.add(r.getString(0) + " (" + r.getLong(1) + "×)"));
      throw new JobConfigException("--pairs " + config.pairs() + " has duplicate pair_id: " + String.join(", ", ids));
    }
  }

  private int summarize(JobProgress progress, long total, double seconds) {
    long done = progress.doneCount();
    long failed = progress.failedCount();
    long skipped = progress.skippedCount();
    double perHour = seconds > 0 ? (done + failed) * 3600 / seconds : 0;
    out.printf("restyle run %s: %d done, %d failed, %d skipped of %d pairs in %.1f s (%.0f pairs/hour)%n",
        config.runId(), done, failed, skipped, total, seconds, perHour);
    double failedFraction = total == 0 ? 0 : (double) failed / total;
    return failedFraction <= config.maxFailedFraction() ? 0 : 1;
  }

}
