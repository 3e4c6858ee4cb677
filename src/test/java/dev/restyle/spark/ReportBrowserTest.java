package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.restyle.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report of a real tiny run (written by the job's --report), opened in real headless Chromium. */
class ReportBrowserTest {

  private static final Path SCREENSHOT = Path.of("target", "artifacts", "report-screenshot.png");

  @Test
  void everyImageLoadsAndEveryPairHasItsRow(@TempDir Path out) throws Exception {
    String samples = Path.of("samples").toAbsolutePath().toString();
    Path manifest = out.resolve("pairs.csv");
    Files.writeString(manifest, "content_uri,style_uri,pair_id\n"
        + samples + "/content/sunset_hills.png," + samples + "/style/swirls.png,sunset-swirls\n"
        + samples + "/content/house_by_lake.png," + samples + "/style/mosaic.png,house-mosaic\n"
        + samples + "/content/house_by_lake.png," + samples + "/style/brush_strokes.png,house & <strokes>\n"
        + samples + "/content/nowhere.png," + samples + "/style/mosaic.png,missing-content\n");
    Path reportDir = out.resolve("report");
    JobRunner.Outcome run = JobRunner.run("local[2]", List.of("--pairs", manifest.toString(), "--output",
        out.resolve("result").toString(), "--weights", "untrained:seed=60", "--run-id", "report", "--size", "48",
        "--iterations", "6", "--log-every", "2", "--max-failed-fraction", "0.5", "--report", reportDir.toString()));
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path index = reportDir.resolve("index.html");
    assertThat(index).exists();

    try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(out.resolve("chromium")))) {
      browser.open(index.toUri());
      browser.screenshot(SCREENSHOT);
      JsonArray widths = browser.evaluate(
          "return Array.from(document.images).map(i => i.complete ? i.naturalWidth : -1);").getAsJsonArray();
      JsonArray rows = browser.evaluate(
          "return Array.from(document.querySelectorAll('#pairs tr[data-pair-id]')).map(r => r.dataset.pairId);")
          .getAsJsonArray();
      String failures = browser.evaluate("return document.getElementById('failures').innerText;").getAsString();
      String summary = browser.evaluate("return document.getElementById('summary').innerText;").getAsString();
      int curves = browser.evaluate("return document.querySelectorAll('svg.curve polyline').length;").getAsInt();

      // 3 succeeded pairs × (content, style, output) + the failed pair's style; its content does not exist.
      assertThat(strings(widths)).hasSize(10).allSatisfy(width -> assertThat(Integer.parseInt(width)).isPositive());
      assertThat(strings(rows)).containsExactlyInAnyOrder("sunset-swirls", "house-mosaic", "house & <strokes>",
          "missing-content");
      assertThat(failures).contains("missing-content").contains("INPUT_NOT_FOUND").contains("nowhere.png does not exist");
      assertThat(summary).contains("4 (1 FAILED, 3 SUCCEEDED)").contains("untrained:seed=60").contains("cpu()");
      assertThat(curves).isEqualTo(3);
    }
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    for (JsonElement element : array) {
      values.add(element.getAsString());
    }
    return values;
  }
}
