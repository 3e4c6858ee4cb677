package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.bench.ScaleCatalog;
import dev.restyle.metrics.MetricsView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of tiny pairs through the real job: the run's metrics end in few files, and the views keep one row
 * per pair per run across a forced rerun and a FAILED pair that later succeeds.
 */
class ManyPairsJobTest {

  /** The 5,000; -Drestyle.test.manyPairs=N runs the same checks over another size. */
  private static final int PAIRS = Integer.getInteger("restyle.test.manyPairs", 5_000);

  /** The pairs the forced rerun runs again: the catalog's first fifth. */
  private static final int RERUN = PAIRS / 5;

  /** 16 px and one iteration, on VGG19's first block only: the job's own cost per pair is what is measured. */
  private static final List<String> TINY = List.of("--weights", "untrained:seed=18", "--size", "16", "--iterations",
      "1", "--content-layer", "relu1_1", "--style-layers", "relu1_1", "--style-layer-weights", "1");

  @Test
  void thousandsOfPairsEndInFewFilesAndAForcedRerunKeepsOneRowPerPairInTheView(@TempDir Path dir)
      throws IOException {
    Path manifest = ScaleCatalog.write(dir.resolve("catalog"), PAIRS);
    Path output = dir.resolve("out");
    List<String> args = args(manifest, output, "big");

    JobRunner.Outcome first = JobRunner.run("local[2]", args);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains(String.format("restyle run big: %d done, 0 failed, 0 skipped of %d pairs",
        PAIRS, PAIRS));
    // Each commit wrote 1 to 4 files; the compaction at the end, when they are over 8,
    // leaves one, and the run prints what is left.
    List<Path> files = parquetFiles(output.resolve("metrics/run_id=big"));
    assertThat(files).hasSizeBetween(1, 8);
    assertThat(first.out()).contains("metrics files          " + files.size() + " under run_id=big");

    // The forced rerun: the same run id, without --skip-done, over the catalog's first RERUN pairs (a fifth,
    // which keeps the suite's time; the view's rule does not depend on how many pairs ran twice).
    Path slice = manifest.resolveSibling("rerun.csv");
    try (Stream<String> lines = Files.lines(manifest)) {
      Files.write(slice, lines.limit(RERUN + 1).toList());
    }
    JobRunner.Outcome forced = JobRunner.run("local[2]", args(slice, output, "big"));
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains(String.format("restyle run big: %d done, 0 failed, 0 skipped of %d pairs",
        RERUN, RERUN));
    assertThat(parquetFiles(output.resolve("metrics/run_id=big"))).hasSizeLessThanOrEqualTo(8).isNotEmpty();

    SparkSession spark = reader();
    try {
      String metrics = output.resolve("metrics").toString();
      assertThat(spark.read().parquet(metrics).count()).as("the control: both attempts are stored")
          .isEqualTo(PAIRS + RERUN);
      MetricsView.register(spark, metrics);
      assertThat(spark.sql("SELECT count(*), count(DISTINCT pair_id) FROM restyle_runs").first().toString())
          .isEqualTo("[" + PAIRS + "," + PAIRS + "]");
      assertThat(spark.sql("SELECT count(*) FROM restyle_attempts").first().getLong(0)).isEqualTo(PAIRS + RERUN);
      assertThat(spark.sql("SELECT n, count(*) FROM (SELECT count(*) AS n FROM restyle_attempts GROUP BY pair_id) "
          + "GROUP BY n ORDER BY n").collectAsList().toString())
          .isEqualTo("[[1," + (PAIRS - RERUN) + "], [2," + RERUN + "]]");
      // Each rerun pair's row in the view is its latest attempt, the forced rerun's.
      assertThat(spark.sql("SELECT count(*) FROM restyle_runs r JOIN (SELECT pair_id, min(finished_at) AS first, "
          + "max(finished_at) AS last FROM restyle_attempts GROUP BY pair_id) a USING (pair_id) "
          + "WHERE r.finished_at = a.last AND a.last > a.first").first().getLong(0)).isEqualTo(RERUN);
    } finally {
      spark.stop();
    }
  }

  @Test
  void aFailedPairThatSucceedsOnARerunIsOneSucceededRowInTheView(@TempDir Path dir) throws IOException {
    Path catalog = dir.resolve("catalog");
    ScaleCatalog.write(catalog, 16);
    Path missing = catalog.resolve("content/c1.png");
    Path aside = Files.move(missing, dir.resolve("c1.png"));
    Path output = dir.resolve("out");
    List<String> args = new ArrayList<>(args(catalog.resolve("pairs.csv"), output, "fix"));
    args.add("--skip-done");

    JobRunner.Outcome broken = JobRunner.run("local[2]", args);
    assertThat(broken.out()).contains("restyle run fix: 8 done, 8 failed, 0 skipped of 16 pairs");
    Files.move(aside, missing);
    JobRunner.Outcome fixed = JobRunner.run("local[2]", args);
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
    assertThat(fixed.out()).contains("restyle run fix: 8 done, 0 failed, 8 skipped of 16 pairs");

    SparkSession spark = reader();
    try {
      String metrics = output.resolve("metrics").toString();
      assertThat(spark.read().parquet(metrics).where("status = 'FAILED'").count()).as("the control").isEqualTo(8);
      MetricsView.register(spark, metrics);
      assertThat(spark.sql("SELECT status, count(*) FROM restyle_runs GROUP BY status").collectAsList().toString())
          .isEqualTo("[[SUCCEEDED,16]]");
      assertThat(spark.sql("SELECT count(*) FROM restyle_attempts").first().getLong(0)).isEqualTo(24);
    } finally {
      spark.stop();
    }
  }

  private static List<String> args(Path manifest, Path output, String runId) {
    List<String> args = new ArrayList<>(List.of("--pairs", manifest.toString(), "--output", output.toString(),
        "--run-id", runId));
    args.addAll(TINY);
    return args;
  }

  static SparkSession reader() {
    return SparkSession.builder().master("local[2]").appName("metrics-reader").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false").getOrCreate();
  }

  static List<Path> parquetFiles(Path partition) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
    }
  }
}
