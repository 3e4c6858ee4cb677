package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly runs over a growing catalog: a new run id with --skip-done optimizes only the pairs no earlier run
 * has made, and records the others as REUSED rows pointing at the earlier outputs; --recompute (the control)
 * runs them all; a changed content file or changed parameters are made again.
 */
class IncrementalRunJobTest {

  private static final int EARLIER = 3;
  private static final int GROWN = 5;

  @TempDir
  Path dir;

  @Test
  void aGrownCatalogRunsOnlyTheNewPairsAndPointsAtTheEarlierOutputs() throws IOException {
    Path style = image(dir.resolve("style.png"), 20, Color.ORANGE);
    List<Path> contents = new ArrayList<>();
    for (int i = 0; i < GROWN; i++) {
      contents.add(image(dir.resolve("c" + i + ".png"), 16 + i, new Color(40 * i, 90, 200)));
    }
    Path output = dir.resolve("out");

    // The first night: N pairs.
    JobRunner.Outcome first = run(manifest(contents.subList(0, EARLIER), style, null), output, "night-1");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("restyle run night-1: 3 done, 0 failed, 0 skipped of 3 pairs");
    Path night1Images = output.resolve("images/run_id=night-1");
    Map<String, FileTime> night1Written = modificationTimes(night1Images);

    // The catalog grew by k = 2: only those run.
    JobRunner.Outcome second = run(manifest(contents, style, null), output, "night-2");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("restyle run night-2: 2 done, 0 failed, 0 skipped, 3 reused of 5 pairs");
    assertThat(imageFiles(output.resolve("images/run_id=night-2"))).hasSize(2);
    assertThat(modificationTimes(night1Images)).isEqualTo(night1Written);

    // The control: forced, the same catalog is made again, all of it.
    JobRunner.Outcome forced = run(manifest(contents, style, null), output, "night-3", "--recompute");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("restyle run night-3: 5 done, 0 failed, 0 skipped of 5 pairs");

    // A content file replaced, and another pair's parameters changed: those two are made again.
    image(contents.get(0), 16, Color.GREEN);
    Files.setLastModifiedTime(contents.get(0), FileTime.fromMillis(Files.getLastModifiedTime(contents.get(0))
        .toMillis() + 5_000));
    JobRunner.Outcome changed = run(manifest(contents, style, contents.get(1)), output, "night-4");
    assertThat(changed.exitCode()).as(changed.err()).isZero();
    assertThat(changed.out()).contains("restyle run night-4: 2 done, 0 failed, 0 skipped, 3 reused of 5 pairs");

    List<Row> all = JobRunner.metrics(output.resolve("metrics").toString(), Map.of());
    Map<String, Row> night1 = byContent(rows(all, "night-1"));
    List<Row> night2 = rows(all, "night-2");
    assertThat(night2).hasSize(GROWN);
    assertThat(statuses(night2)).containsExactlyInAnyOrderEntriesOf(Map.of(
        uri(contents.get(0)), "REUSED", uri(contents.get(1)), "REUSED", uri(contents.get(2)), "REUSED",
        uri(contents.get(3)), "SUCCEEDED", uri(contents.get(4)), "SUCCEEDED"));
    for (Row row : night2) {
      Row earlier = night1.get(row.<String>getAs("content_uri"));
      if (row.<String>getAs("status").equals("REUSED")) {
        assertThat(row.<String>getAs("reused_from_run_id")).isEqualTo("night-1");
        assertThat(row.<String>getAs("output_uri")).isEqualTo(earlier.<String>getAs("output_uri"));
        assertThat(row.<String>getAs("input_versions")).isEqualTo(earlier.<String>getAs("input_versions"));
        assertThat(row.<Double>getAs("total_loss")).isEqualTo(earlier.<Double>getAs("total_loss"));
        assertThat(row.<String>getAs("pair_id")).isEqualTo(earlier.<String>getAs("pair_id"));
      } else {
        assertThat(row.<String>getAs("reused_from_run_id")).isNull();
        assertThat(row.<String>getAs("output_uri")).contains("run_id=night-2");
      }
      assertThat(Path.of(URI.create(row.<String>getAs("output_uri")))).exists();
    }
    // The versions are what a listing says of each file: length@mtime of the content, then of the style.
    Row newPair = night2.stream().filter(r -> r.<String>getAs("content_uri").equals(uri(contents.get(4))))
        .findFirst().orElseThrow();
    assertThat(newPair.<String>getAs("input_versions")).isEqualTo(version(contents.get(4)) + ";" + version(style));

    assertThat(statuses(rows(all, "night-3")).values()).containsOnly("SUCCEEDED").hasSize(GROWN);

    List<Row> night4 = rows(all, "night-4");
    assertThat(statuses(night4)).containsExactlyInAnyOrderEntriesOf(Map.of(
        uri(contents.get(0)), "SUCCEEDED", uri(contents.get(1)), "SUCCEEDED", uri(contents.get(2)), "REUSED",
        uri(contents.get(3)), "REUSED", uri(contents.get(4)), "REUSED"));
    // Reused from the latest run that made them: the forced one.
    assertThat(night4.stream().filter(r -> r.getAs("status").equals("REUSED"))
        .map(r -> r.<String>getAs("reused_from_run_id"))).containsOnly("night-3");
  }

  private JobRunner.Outcome run(Path manifest, Path output, String runId, String... extra) {
    List<String> args = new ArrayList<>(List.of("--pairs", manifest.toString(), "--output", output.toString(),
        "--weights", "untrained:seed=31", "--run-id", runId, "--size", "16", "--iterations", "1", "--partitions",
        "1", "--skip-done"));
    args.addAll(List.of(extra));
    return JobRunner.run("local[2]", args);
  }

  /** One row per content; {@code slower}'s row asks for 2 iterations instead of the job's 1. */
  private Path manifest(List<Path> contents, Path style, Path slower) throws IOException {
    StringBuilder csv = new StringBuilder("content_uri,style_uri,iterations\n");
    for (Path content : contents) {
      csv.append(content).append(',').append(style).append(',').append(content.equals(slower) ? "2" : "")
          .append('\n');
    }
    Path manifest = Files.createTempFile(dir, "pairs", ".csv");
    Files.writeString(manifest, csv);
    return manifest;
  }

  private static List<Row> rows(List<Row> all, String runId) {
    return all.stream().filter(r -> r.<String>getAs("run_id").equals(runId)).toList();
  }

  private static Map<String, FileTime> modificationTimes(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      Map<String, FileTime> times = new java.util.TreeMap<>();
      for (Path file : files.toList()) {
        times.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
      }
      return times;
    }
  }

  private static Map<String, Row> byContent(List<Row> rows) {
    return rows.stream().collect(Collectors.toMap(r -> r.<String>getAs("content_uri"), Function.identity()));
  }

  private static Map<String, String> statuses(List<Row> rows) {
    return rows.stream().collect(Collectors.toMap(r -> r.<String>getAs("content_uri"), r -> r.<String>getAs("status")));
  }

  private static String uri(Path path) {
    return path.toString();
  }

  private static String version(Path path) throws IOException {
    return Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis();
  }

  private static Path image(Path path, int side, Color color) throws IOException {
    BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, side, side);
    g.setColor(Color.WHITE);
    g.drawLine(0, 0, side - 1, side / 2);
    g.dispose();
    Files.write(path, ImageEncoder.encode(picture, ImageFormat.PNG));
    return path;
  }

  private static List<String> imageFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
    }
  }
}
