package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The style_mask_uri and style_loss columns in one real job on local[2]: relative mask URIs resolve against
 * the manifest's folder, a masked pair succeeds and records its masks in params_json, and a missing, a
 * corrupt or a miscounted mask is one FAILED row each, with its reason, while the other pairs succeed; a
 * wasserstein pair succeeds and records its loss, and masks with it are refused.
 */
class StyleControlJobTest {

  @Test
  void maskColumnWorksAndABadMaskFailsOnlyItsPair(@TempDir Path dir) throws IOException {
    write(dir.resolve("content.png"), filled(48, 32, Color.GRAY, Color.DARK_GRAY));
    write(dir.resolve("red.png"), filled(32, 32, Color.RED, Color.ORANGE));
    write(dir.resolve("blue.png"), filled(32, 32, Color.BLUE, Color.CYAN));
    write(dir.resolve("left.png"), filled(40, 40, Color.WHITE, Color.BLACK));
    write(dir.resolve("right.png"), filled(40, 40, Color.BLACK, Color.WHITE));
    Files.writeString(dir.resolve("corrupt.png"), "this is not a mask", StandardCharsets.UTF_8);
    Path manifest = dir.resolve("pairs.csv");
    Files.writeString(manifest, String.join("\n",
        "content_uri,style_uri,pair_id,style_mask_uri,style_loss,style_layers",
        "content.png,\"red.png,blue.png\",masked,\"left.png,right.png\",,",
        "content.png,\"red.png,blue.png\",missing_mask,\"left.png,nowhere.png\",,",
        "content.png,\"red.png,blue.png\",corrupt_mask,\"left.png,corrupt.png\",,",
        "content.png,\"red.png,blue.png\",one_mask_for_two,left.png,,",
        "content.png,\"red.png,blue.png\",unmasked,,,",
        // three layers keep the Wasserstein pair quick: relu4_1 and relu5_1 have 512 channels
        "content.png,red.png,wasserstein,,wasserstein,\"relu1_1,relu2_1,relu3_1\"",
        "content.png,red.png,masked_wasserstein,left.png,wasserstein,") + "\n");

    JobRunner.Outcome run = JobRunner.run("local[2]", List.of("--pairs", manifest.toString(), "--output",
        dir.resolve("result").toString(), "--weights", "untrained:seed=5", "--run-id", "masks", "--size", "32",
        "--iterations", "3", "--max-failed-fraction", "0.6"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("3 done, 4 failed, 0 skipped of 7 pairs");
    Map<String, Row> rows = JobRunner.metrics(dir.resolve("result/metrics").toString(), Map.of()).stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("pair_id"), r -> r));
    String folder = dir.toString(); // a relative URI resolves against the manifest's folder, as that was given

    Row masked = rows.get("masked");
    assertThat(masked.<String>getAs("status")).as(masked.<String>getAs("error_message")).isEqualTo("SUCCEEDED");
    assertThat(Path.of(URI.create(masked.<String>getAs("output_uri")))).exists();
    assertThat(masked.<String>getAs("params_json"))
        .contains("\"style_mask_uri\":[\"" + folder + "/left.png\",\"" + folder + "/right.png\"]");
    Row unmasked = rows.get("unmasked");
    assertThat(unmasked.<String>getAs("status")).isEqualTo("SUCCEEDED");
    assertThat(unmasked.<String>getAs("params_json")).doesNotContain("style_mask");
    assertThat(unmasked.<String>getAs("params_hash")).isNotEqualTo(masked.<String>getAs("params_hash"));

    Row wasserstein = rows.get("wasserstein");
    assertThat(wasserstein.<String>getAs("status")).as(wasserstein.<String>getAs("error_message"))
        .isEqualTo("SUCCEEDED");
    assertThat(wasserstein.<String>getAs("params_json")).contains("\"style_loss\":\"wasserstein\"");
    assertThat(unmasked.<String>getAs("params_json")).doesNotContain("style_loss");
    assertThat(rows.get("masked_wasserstein").<String>getAs("error_class")).isEqualTo("PARAM_INVALID");
    assertThat(rows.get("masked_wasserstein").<String>getAs("error_message")).contains("no masks with --style-loss");

    Row missing = rows.get("missing_mask");
    assertThat(missing.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(missing.<String>getAs("error_class")).isEqualTo("INPUT_NOT_FOUND");
    assertThat(missing.<String>getAs("error_message")).contains(folder + "/nowhere.png");
    Row corrupt = rows.get("corrupt_mask");
    assertThat(corrupt.<String>getAs("error_class")).isEqualTo("INPUT_UNDECODABLE");
    assertThat(corrupt.<String>getAs("error_message")).startsWith("style mask " + folder + "/corrupt.png")
        .contains("it looks like text");
    Row miscounted = rows.get("one_mask_for_two");
    assertThat(miscounted.<String>getAs("error_class")).isEqualTo("PARAM_INVALID");
    assertThat(miscounted.<String>getAs("error_message"))
        .isEqualTo("--style-mask '" + folder + "/left.png' is invalid; allowed: 2 mask(s), one per style image");
  }

  private static BufferedImage filled(int width, int height, Color left, Color right) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(left);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(right);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    return image;
  }

  private static void write(Path path, BufferedImage image) throws IOException {
    Files.write(path, ImageEncoder.encode(image, ImageFormat.PNG));
  }
}
