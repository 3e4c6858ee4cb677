package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.metrics.MetricsRow;
import dev.restyle.metrics.MetricsSchema;
import dev.restyle.metrics.MetricsView;
import dev.restyle.support.ErrorClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's many small metrics files become few, with the same rows, and readers of the views never miss one. */
class RunCompactionTest {

  private static final Instant T = Instant.parse("2026-12-01T02:00:00Z");

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("compaction").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void manySmallFilesBecomeOneWithTheSameRowsAndOtherRunsAreLeftAlone(@TempDir Path dir) throws IOException {
    String metrics = dir.resolve("metrics").toString();
    writeRun(metrics, "r1", 30, 30);
    writeRun(metrics, "r2", 12, 12);
    writeRun(metrics, "r3", 8, 8); // at the bound: not compacted
    List<String> before = rows(metrics);
    assertThat(files(dir.resolve("metrics/run_id=r1"))).hasSizeGreaterThan(8);
    List<String> r2Files = files(dir.resolve("metrics/run_id=r2"));
    List<String> r3Files = files(dir.resolve("metrics/run_id=r3"));

    int files = compaction(metrics, "r1").compact();

    assertThat(files).isEqualTo(1);
    assertThat(files(dir.resolve("metrics/run_id=r1"))).hasSize(1);
    assertThat(rows(metrics)).containsExactlyElementsOf(before); // every column of every row, once
    assertThat(files(dir.resolve("metrics/run_id=r2"))).containsExactlyElementsOf(r2Files);
    assertThat(compaction(metrics, "r3").compact()).isEqualTo(r3Files.size());
    assertThat(files(dir.resolve("metrics/run_id=r3"))).containsExactlyElementsOf(r3Files);
    assertThat(dir.resolve("metrics/_staging/r1")).isEmptyDirectory();
  }

  @Test
  void aCompactionCutOffAfterItsJournalIsFinishedByTheNextAndTheViewsNeverMissOrRepeatARow(@TempDir Path dir)
      throws IOException {
    String metrics = dir.resolve("metrics").toString();
    writeRun(metrics, "r1", 20, 20);
    List<String> before = rows(metrics);
    assertThat(files(dir.resolve("metrics/run_id=r1"))).hasSizeGreaterThan(8);

    org.apache.hadoop.fs.Path journal = compaction(metrics, "r1").stage();
    // Cut off after staging: readers skip _staging, so they see the 20 rows once.
    assertThat(rawCount(metrics)).isEqualTo(20);
    // Cut off half-way through publishing: the merged file moved in, the files it replaces not yet deleted.
    Path staged = onlyStagedFile(dir.resolve("metrics/_staging/r1"));
    Files.move(staged, dir.resolve("metrics/run_id=r1").resolve(staged.getFileName()));
    assertThat(rawCount(metrics)).as("the control: a plain read sees every row twice").isEqualTo(40);
    MetricsView.register(spark, metrics);
    assertThat(spark.sql("SELECT count(*) FROM restyle_attempts").first().getLong(0)).isEqualTo(20);
    assertThat(spark.sql("SELECT count(*) FROM restyle_runs").first().getLong(0)).isEqualTo(20);

    assertThat(compaction(metrics, "r1").compact()).isEqualTo(1);
    assertThat(rawCount(metrics)).isEqualTo(20);
    assertThat(rows(metrics)).containsExactlyElementsOf(before);
    assertThat(Path.of(journal.toUri().getPath())).doesNotExist();
    assertThat(dir.resolve("metrics/_staging/r1")).isEmptyDirectory();
  }

  @Test
  void theBoundIsEightFilesUpToAHundredThousandRowsThenGrowsLinearly() {
    assertThat(RunCompaction.maxFiles(1)).isEqualTo(8);
    assertThat(RunCompaction.maxFiles(100_000)).isEqualTo(8);
    assertThat(RunCompaction.maxFiles(100_001)).isEqualTo(16);
    assertThat(RunCompaction.maxFiles(1_000_000)).isEqualTo(80);
    assertThat(RunCompaction.filesFor(100_000)).isEqualTo(4);
    assertThat(RunCompaction.filesFor(1_000_000)).isEqualTo(40);
  }

  private static RunCompaction compaction(String metrics, String runId) {
    return new RunCompaction(spark, new Configuration(), metrics, runId);
  }

  /** {@code rows} FAILED rows of one run, appended as up to {@code files} files (round robin may leave one empty). */
  private static void writeRun(String metrics, String runId, int rows, int files) {
    List<Row> all = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      all.add(MetricsRow.of(runId, String.format("p%03d", i), "c" + i + ".png", "s.png").params("{}", "h" + i)
          .failed(ErrorClass.INPUT_NOT_FOUND, "c" + i + ".png does not exist").execution("cpu()", "driver", "host", 0)
          .timing(T, T.plusMillis(i)).toRow());
    }
    spark.createDataFrame(all, MetricsSchema.SCHEMA).repartition(files).write().mode(SaveMode.Append)
        .partitionBy("run_id").parquet(metrics);
  }

  private static List<String> rows(String metrics) {
    return spark.read().parquet(metrics).orderBy("run_id", "pair_id").collectAsList().stream().map(Row::toString)
        .toList();
  }

  private static long rawCount(String metrics) {
    return spark.read().parquet(metrics).count();
  }

  private static List<String> files(Path partition) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")).sorted().toList();
    }
  }

  private static Path onlyStagedFile(Path runStaging) throws IOException {
    try (Stream<Path> files = Files.walk(runStaging)) {
      List<Path> parquet = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
      assertThat(parquet).hasSize(1);
      return parquet.get(0);
    }
  }
}
