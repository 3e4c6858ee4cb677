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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 items 4, 5 and 7 as manifest columns and job flags of one real job on local[2] (32 px, 3
 * iterations): preserve_colors histogram with color_transfer.
 */
class PictureFeaturesJobTest {

  @TempDir
  static Path dir;
  private static Path content;
  private static Path style;
  private static JobRunner.Outcome run;
  private static Map<String, Row> rows;

  @BeforeAll
  static void runTheJob() throws IOException {
    content = dir.resolve("content.png");
    style = dir.resolve("style.png");
    Files.write(content, png(sample("samples/content/sunset_hills.png"), 40, 30));
    Files.write(style, png(sample("samples/style/mosaic.png"), 32, 32));
    String pair = content + "," + style;
    Path manifest = dir.resolve("pairs.csv");
    Files.writeString(manifest, String.join("\n",
        "content_uri,style_uri,pair_id,preserve_colors,color_transfer",
        pair + ",histogram,histogram,",
        pair + ",histogram_sym,histogram,sym",
        pair + ",bad_basis,histogram,lab") + "\n");

    run = JobRunner.run("local[2]", List.of("--pairs", manifest.toString(), "--output",
        dir.resolve("result").toString(), "--weights", "untrained:seed=31", "--run-id", "pictures", "--size", "32",
        "--iterations", "3", "--max-failed-fraction", "0.5"));
    rows = JobRunner.metrics(dir.resolve("result/metrics").toString(), Map.of()).stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("pair_id"), r -> r));
  }

  @Test
  void histogramColorsRunWithEachBasisAndABadBasisIsOneFailedRow() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(status(rows.get("histogram"))).isEqualTo("SUCCEEDED");
    assertThat(json("histogram")).contains("\"preserve_colors\":\"histogram\"").doesNotContain("color_transfer");
    assertThat(status(rows.get("histogram_sym"))).isEqualTo("SUCCEEDED");
    assertThat(json("histogram_sym")).contains("\"color_transfer\":\"sym\"");
    assertThat(rows.get("bad_basis").<String>getAs("error_class")).isEqualTo("PARAM_INVALID");
    assertThat(rows.get("bad_basis").<String>getAs("error_message"))
        .isEqualTo("--color-transfer 'lab' is invalid; allowed: pca | chol | sym");
  }

  private static String status(Row row) {
    return row.<String>getAs("status") + (row.getAs("error_message") == null ? "" : ": " + row.getAs("error_message"));
  }

  private static String json(String pairId) {
    return rows.get(pairId).getAs("params_json");
  }

  private static BufferedImage sample(String path) throws IOException {
    return ImageDecoder.decode(Files.readAllBytes(Path.of(path)), path, ImageLimits.DEFAULT);
  }

  private static byte[] png(BufferedImage image, int width, int height) {
    return ImageEncoder.encode(ImageResizer.toSize(image, width, height), ImageFormat.PNG);
  }
}
