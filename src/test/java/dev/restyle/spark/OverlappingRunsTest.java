package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.bench.ScaleCatalog;
import dev.restyle.metrics.MetricsView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that overlap on one output, as a scheduler retry that starts while the first try still runs, or two
 * teams sharing an output: three real processes at once, run ids {@code ra}, {@code rb} and {@code rb} again.
 *
 * <p>How often the race is tried: the collision the issue saw (one run's commit deleting the
 * {@code _temporary} folder another run was committing through) struck within two tries of two runs with 4
 * commits each. Here each run commits after every pair ({@code --commit-every 1}) and compacts at its end, so
 * one test is 24 commits and 3 compactions by 3 processes whose waves interleave for most of their life (a
 * commit is most of a one-pair wave's time): more commits at once than in those failing tries together, for
 * the cost of one start of three JVMs instead of many.
 */
class OverlappingRunsTest {

  private static final int PAIRS = 8;

  @Test
  void threeRunsAtOnceAllFinishAndTheViewHasOneRowPerPairPerRun(@TempDir Path dir) throws Exception {
    Path manifest = ScaleCatalog.write(dir.resolve("catalog"), PAIRS);
    Path output = dir.resolve("out");
    List<CompletableFuture<ChildJvm.Result>> runs = new ArrayList<>();
    for (String runId : List.of("ra", "rb", "rb")) {
      Path work = Files.createDirectories(dir.resolve("jvm-" + runs.size()));
      runs.add(CompletableFuture.supplyAsync(() -> start(work, manifest, output, runId)));
    }

    for (CompletableFuture<ChildJvm.Result> run : runs) {
      ChildJvm.Result result = run.join();
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).containsPattern("restyle run r[ab]: 8 done, 0 failed, 0 skipped of 8 pairs");
    }

    SparkSession spark = ManyPairsJobTest.reader();
    try {
      String metrics = output.resolve("metrics").toString();
      MetricsView.register(spark, metrics);
      assertThat(spark.sql("SELECT run_id, count(*), count(DISTINCT pair_id), min(status), max(status) "
          + "FROM restyle_runs GROUP BY run_id ORDER BY run_id").collectAsList().toString())
          .isEqualTo("[[ra,8,8,SUCCEEDED,SUCCEEDED], [rb,8,8,SUCCEEDED,SUCCEEDED]]");
      // Both tries of rb are kept as attempts; ra, run once, has one row per pair.
      assertThat(spark.sql("SELECT run_id, count(*) FROM restyle_attempts GROUP BY run_id ORDER BY run_id")
          .collectAsList().toString()).isEqualTo("[[ra,8], [rb,16]]");
    } finally {
      spark.stop();
    }
    for (String runId : List.of("ra", "rb")) {
      assertThat(ManyPairsJobTest.parquetFiles(output.resolve("metrics/run_id=" + runId)))
          .hasSizeBetween(1, 8);
      try (Stream<Path> images = Files.list(output.resolve("images/run_id=" + runId))) {
        assertThat(images.filter(f -> f.toString().endsWith(".png")).count()).isEqualTo(PAIRS);
      }
    }
  }

  private static ChildJvm.Result start(Path work, Path manifest, Path output, String runId) {
    try {
      return ChildJvm.runJob(work, List.of("-Xmx768m", "-Dai.djl.pytorch.num_threads=1",
              "-Dlog4j2.configurationFile=conf/log4j2.properties"), Map.of(),
          List.of("--master", "local[1]", "--pairs", manifest.toString(), "--output", output.toString(), "--weights",
              "untrained:seed=8", "--run-id", runId, "--size", "16", "--iterations", "1", "--content-layer",
              "relu1_1", "--style-layers", "relu1_1", "--style-layer-weights", "1", "--commit-every", "1",
              "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2"), 540);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
