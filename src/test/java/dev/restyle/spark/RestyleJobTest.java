package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real job on local[2] over tiny images: what a data engineer sees in the output. */
class RestyleJobTest {

  private static final List<String> CONTENTS = List.of("c1.png", "c2.png", "c3.png", "c4.png");
  private static final List<String> STYLES = List.of("s1.png", "s2.png");

  @TempDir
  static Path images;

  @BeforeAll
  static void writeImages() throws IOException {
    BufferedImage scene = ImageDecoder.decode(Files.readAllBytes(Path.of("samples/content/sunset_hills.png")),
        "scene", ImageLimits.DEFAULT);
    BufferedImage texture = ImageDecoder.decode(Files.readAllBytes(Path.of("samples/style/mosaic.png")),
        "texture", ImageLimits.DEFAULT);
    for (int i = 0; i < CONTENTS.size(); i++) {
      BufferedImage small = ImageResizer.toSize(scene.getSubimage(i * 20, i * 10, 180, 135), 40, 30);
      Files.write(images.resolve(CONTENTS.get(i)), ImageEncoder.encode(small, ImageFormat.PNG));
    }
    for (int i = 0; i < STYLES.size(); i++) {
      BufferedImage small = ImageResizer.toSize(texture.getSubimage(i * 50, 0, 128, 128), 32, 32);
      Files.write(images.resolve(STYLES.get(i)), ImageEncoder.encode(small, ImageFormat.PNG));
    }
  }

  @Test
  void eightPairsOnTwoThreadsLoadTheModelOnceAndReuseStyleTargets(@TempDir Path out) throws IOException {
    Path manifest = manifest(out, "content_uri,style_uri", crossRows());
    long loadsBefore = ExecutorRuntime.modelLoads();

    JobRunner.Outcome run = JobRunner.run("local[2]", List.of("--pairs", manifest.toString(), "--output",
        out.resolve("result").toString(), "--weights", "untrained:seed=21", "--run-id", "2026-11-22", "--size", "32",
        "--iterations", "3", "--partitions", "2"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(ExecutorRuntime.modelLoads() - loadsBefore).isEqualTo(1);
    assertThat(run.out()).contains("restyle run 2026-11-22: 8 done, 0 failed, 0 skipped of 8 pairs");
    List<Row> rows = JobRunner.metrics(out.resolve("result/metrics").toString(), Map.of());
    assertThat(rows).hasSize(8);
    assertThat(rows).allSatisfy(row -> {
      assertThat(row.<String>getAs("status")).isEqualTo("SUCCEEDED");
      assertThat(row.<String>getAs("run_id")).isEqualTo("2026-11-22");
      assertThat(row.<String>getAs("weights_id")).isEqualTo("untrained:seed=21");
      assertThat(row.<Integer>getAs("width")).isEqualTo(32);
      assertThat(row.<Integer>getAs("height")).isEqualTo(24);
      assertThat(row.<Integer>getAs("iterations")).isEqualTo(3);
      assertThat(row.<Double>getAs("total_loss")).isPositive();
      assertThat(row.getList(row.fieldIndex("loss_history"))).hasSize(2); // iterations 1 and 3
      assertThat(Path.of(java.net.URI.create(row.<String>getAs("output_uri")))).exists();
    });
    // Range partitioning by style: each of the 2 tasks computes its style's targets once, then hits 3 times.
    assertThat(rows.stream().filter(r -> r.<Boolean>getAs("style_cache_hit")).count()).isEqualTo(6);
    assertThat(imageFiles(out.resolve("result/images/run_id=2026-11-22")))
        .containsExactlyInAnyOrderElementsOf(rows.stream().map(r -> r.<String>getAs("pair_id") + ".png").toList());
  }

  @Test
  void aSecondIdenticalRunSkipsEveryPairAndWritesNoImage(@TempDir Path out) throws IOException {
    Path manifest = manifest(out, "content_uri,style_uri", crossRows().subList(0, 3));
    List<String> args = List.of("--pairs", manifest.toString(), "--output", out.resolve("result").toString(),
        "--weights", "untrained:seed=22", "--run-id", "nightly", "--size", "32", "--iterations", "2", "--skip-done");
    assertThat(JobRunner.run("local[2]", args).exitCode()).isZero();
    Path imagesDir = out.resolve("result/images/run_id=nightly");
    Map<String, FileTime> written = modificationTimes(imagesDir);

    JobRunner.Outcome again = JobRunner.run("local[2]", args);

    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("0 done, 0 failed, 3 skipped of 3 pairs");
    assertThat(modificationTimes(imagesDir)).isEqualTo(written);
    assertThat(JobRunner.metrics(out.resolve("result/metrics").toString(), Map.of())).hasSize(3);
  }

  @Test
  void badPairsBecomeFailedRowsAndTheRestSucceeds(@TempDir Path out) throws IOException {
    List<String> rows = List.of(
        images.resolve("c1.png") + "," + images.resolve("s1.png") + ",good,",
        images.resolve("missing.png") + "," + images.resolve("s1.png") + ",missing,",
        images.resolve("c2.png") + "," + images.resolve("s2.png") + ",tiny,5",
        images.resolve("c3.png") + "," + images.resolve("s2.png") + ",../escape,");
    Path manifest = manifest(out, "content_uri,style_uri,pair_id,size", rows);
    List<String> args = new ArrayList<>(List.of("--pairs", manifest.toString(), "--output",
        out.resolve("result").toString(), "--weights", "untrained:seed=23", "--run-id", "r", "--size", "32",
        "--iterations", "2"));

    JobRunner.Outcome strict = JobRunner.run("local[2]", args);

    assertThat(strict.exitCode()).isEqualTo(1); // 3 of 4 failed > --max-failed-fraction 0
    assertThat(strict.out()).contains("1 done, 3 failed, 0 skipped of 4 pairs");
    Map<String, Row> byId = JobRunner.metrics(out.resolve("result/metrics").toString(), Map.of()).stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("pair_id"), r -> r));
    assertThat(byId.get("good").<String>getAs("status")).isEqualTo("SUCCEEDED");
    assertFailed(byId.get("missing"), "INPUT_NOT_FOUND", "missing.png does not exist");
    assertFailed(byId.get("tiny"), "PARAM_INVALID", "--size '5' is invalid; allowed: 16..8192");
    assertFailed(byId.get("../escape"), "PARAM_INVALID", "pair_id '../escape' contains a path separator");
    assertThat(imageFiles(out.resolve("result/images/run_id=r"))).containsExactly("good.png");
  }

  @Test
  void aDryRunPlansReportsAndWritesNothingThenSeesWhatARealRunDid(@TempDir Path out) throws IOException {
    List<String> rows = List.of(
        images.resolve("c1.png") + "," + images.resolve("s1.png") + ",good,",
        images.resolve("c2.png") + "," + images.resolve("s2.png") + ",tiny,5",
        images.resolve("c3.png") + "," + images.resolve("s2.png") + ",also_good,");
    Path manifest = manifest(out, "content_uri,style_uri,pair_id,size", rows);
    List<String> args = new ArrayList<>(List.of("--pairs", manifest.toString(), "--output",
        out.resolve("result").toString(), "--weights", "untrained:seed=29", "--run-id", "dry", "--size", "32",
        "--iterations", "3", "--skip-done", "--max-failed-fraction", "1"));
    List<String> dryRun = new ArrayList<>(args);
    dryRun.add("--dry-run");

    JobRunner.Outcome planned = JobRunner.run("local[2]", dryRun);

    assertThat(planned.exitCode()).as(planned.err()).isZero();
    assertThat(planned.out()).contains("dry run: 3 pairs in the catalog, 0 already done, 3 to run, 1 of them invalid")
        .contains("waves: 1 of at most 64 pairs")
        .contains("work: 6 iterations, 0.0 megapixel-iterations")
        .contains("problem: PARAM_INVALID × 1, e.g. tiny: --size '5' is invalid; allowed: 16..8192")
        .contains("0 done, 0 failed, 0 skipped of 3 pairs");
    assertThat(out.resolve("result")).doesNotExist();

    assertThat(JobRunner.run("local[2]", args).exitCode()).isZero();
    JobRunner.Outcome after = JobRunner.run("local[2]", dryRun);
    assertThat(after.out()).contains("dry run: 3 pairs in the catalog, 2 already done, 1 to run, 1 of them invalid");
  }

  @Test
  void aRunKilledAfterItsFirstWaveDoesOnlyTheRestWhenStartedAgain(@TempDir Path out) throws IOException {
    Path manifest = manifest(out, "content_uri,style_uri", crossRows());
    List<String> args = new ArrayList<>(List.of("--pairs", manifest.toString(), "--output",
        out.resolve("result").toString(), "--weights", "untrained:seed=28", "--run-id", "crash", "--size", "32",
        "--iterations", "1", "--skip-done", "--commit-every", "3"));
    List<String> crashing = new ArrayList<>(args);
    crashing.addAll(List.of("--conf", "spark.extraListeners=" + CancelWave.class.getName(),
        "--conf", CancelWave.WAVE + "=2"));

    JobRunner.Outcome killed = JobRunner.run("local[2]", crashing);
    assertThat(killed.exitCode()).isEqualTo(1);
    assertThat(killed.err()).contains("rerun with --skip-done");
    assertThat(JobRunner.metrics(out.resolve("result/metrics").toString(), Map.of())).hasSize(3);

    JobRunner.Outcome resumed = JobRunner.run("local[2]", args);
    assertThat(resumed.exitCode()).as(resumed.err() + resumed.out()).isZero();
    assertThat(resumed.out()).contains("5 done, 0 failed, 3 skipped of 8 pairs")
        .contains("progress crash: 3 done, 0 failed, 3 skipped, 2 to go of 8 pairs")
        .contains("progress crash: 5 done, 0 failed, 3 skipped, 0 to go of 8 pairs");
    List<Row> rows = JobRunner.metrics(out.resolve("result/metrics").toString(), Map.of());
    assertThat(rows).hasSize(8);
    assertThat(rows.stream().map(r -> r.<String>getAs("pair_id")).distinct().count()).isEqualTo(8);
    assertThat(imageFiles(out.resolve("result/images/run_id=crash"))).hasSize(8);
  }

  @Test
  void manifestProblemsStopTheJobBeforeAnyWorkWithExitCode2(@TempDir Path out) throws IOException {
    String pair = images.resolve("c1.png") + "," + images.resolve("s1.png");
    assertStartError(out, manifest(out, "content,style_uri", List.of(pair)), "has no column 'content_uri'");
    assertStartError(out, manifest(out, "content_uri,style_uri,colour", List.of(pair + ",red")),
        "unknown column(s) colour");
    assertStartError(out, manifest(out, "content_uri,style_uri,pair_id", List.of(pair + ",a", pair + ",a")),
        "duplicate pair_id: a (2×)");
    assertStartError(out, manifest(out, "content_uri,style_uri", List.of()), "has no pairs");
    assertThat(out.resolve("result")).doesNotExist();
  }

  @Test
  void retriedTasksLeaveExactlyOneImageAndOneRowPerPair(@TempDir Path out) throws IOException {
    Path manifest = manifest(out, "content_uri,style_uri", crossRows());
    Path markers = out.resolve("injected");

    JobRunner.Outcome run = JobRunner.run("local[2,3]", List.of("--pairs", manifest.toString(), "--output",
        out.resolve("result").toString(), "--weights", "untrained:seed=24", "--run-id", "retry", "--size", "32",
        "--iterations", "2", "--partitions", "4", "--conf", FailFirstAttempt.MARKER_DIR + "=" + markers));

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Stream<Path> injected = Files.list(markers)) {
      assertThat(injected.count()).isEqualTo(4); // every task's first attempt failed after its first pair
    }
    List<Row> rows = JobRunner.metrics(out.resolve("result/metrics").toString(), Map.of());
    assertThat(rows).hasSize(8);
    assertThat(rows.stream().map(r -> r.<String>getAs("pair_id")).distinct().count()).isEqualTo(8);
    assertThat(rows).allSatisfy(r -> assertThat(r.<Integer>getAs("task_attempt")).isEqualTo(1));
    assertThat(imageFiles(out.resolve("result/images/run_id=retry"))).hasSize(8);
  }

  @Test
  void jsonLinesManifestWithRelativeUrisAndPerPairOverrides(@TempDir Path out) throws IOException {
    Files.copy(images.resolve("c1.png"), out.resolve("content one.png"));
    Files.copy(images.resolve("s1.png"), out.resolve("stylé.png"));
    Path manifest = out.resolve("pairs.jsonl");
    Files.writeString(manifest, "{\"content_uri\": \"content one.png\", \"style_uri\": \"stylé.png\", "
        + "\"pair_id\": \"p1\", \"iterations\": 4, \"style_weight\": 1000}\n");

    JobRunner.Outcome run = JobRunner.run("local[1]", List.of("--pairs", manifest.toString(), "--output",
        out.resolve("result").toString(), "--weights", "untrained:seed=25", "--size", "32", "--iterations", "2"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    Row row = JobRunner.metrics(out.resolve("result/metrics").toString(), Map.of()).get(0);
    assertThat(row.<String>getAs("status")).as(String.valueOf(row.<String>getAs("error_message")))
        .isEqualTo("SUCCEEDED");
    assertThat(row.<Integer>getAs("iterations")).isEqualTo(4);
    assertThat(row.<String>getAs("params_json")).contains("\"style_weight\":1000.0").contains("\"iterations\":4");
    assertThat(row.<String>getAs("content_uri")).endsWith("content one.png");
  }

  @Test
  void globsPairEveryContentWithEveryStyle(@TempDir Path out) {
    JobRunner.Outcome run = JobRunner.run("local[2]", List.of("--content", images.resolve("c[12].png").toString(),
        "--style", images.resolve("s*.png").toString(), "--output", out.resolve("result").toString(),
        "--weights", "untrained:seed=26", "--size", "32", "--iterations", "1", "--run-id", "globs"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("4 done, 0 failed, 0 skipped of 4 pairs");
  }

  @Test
  void badFlagsExitWithCode2AndNameTheFlag(@TempDir Path out) {
    JobRunner.Outcome run = JobRunner.run("local[1]", List.of("--pairs", "x.csv", "--output", out.toString(),
        "--weights", "untrained", "--style-weight", "-1"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--style-weight '-1' is invalid");
    assertThat(JobRunner.run("local[1]", List.of("--output", out.toString(), "--weights", "untrained")).err())
        .contains("give --pairs URI, or both --content GLOB and --style GLOB");
  }

  private static void assertStartError(Path out, Path manifest, String message) {
    JobRunner.Outcome run = JobRunner.run("local[1]", List.of("--pairs", manifest.toString(), "--output",
        out.resolve("result").toString(), "--weights", "untrained:seed=27"));
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  private static void assertFailed(Row row, String errorClass, String message) {
    assertThat(row.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(row.<String>getAs("error_class")).isEqualTo(errorClass);
    assertThat(row.<String>getAs("error_message")).contains(message);
    assertThat(row.<String>getAs("output_uri")).isNull();
  }

  private static List<String> crossRows() {
    List<String> rows = new ArrayList<>();
    for (String content : CONTENTS) {
      for (String style : STYLES) {
        rows.add(images.resolve(content) + "," + images.resolve(style));
      }
    }
    return rows;
  }

  private static Path manifest(Path dir, String header, List<String> rows) throws IOException {
    Path manifest = Files.createTempFile(dir, "pairs", ".csv");
    Files.writeString(manifest, header + "\n" + String.join("\n", rows) + (rows.isEmpty() ? "" : "\n"));
    return manifest;
  }

  private static List<String> imageFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  private static Map<String, FileTime> modificationTimes(Path dir) throws IOException {
    Map<String, FileTime> times = new HashMap<>();
    for (String name : imageFiles(dir)) {
      times.put(name, Files.getLastModifiedTime(dir.resolve(name)));
    }
    return times;
  }
}
