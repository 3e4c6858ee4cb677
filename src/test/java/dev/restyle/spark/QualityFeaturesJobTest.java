package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality features of issue 7 as manifest columns of one real job on local[2]: style_scale,
 * preserve_colors (post and luminance), scales (coarse to fine) and tile/tile_overlap. Each row succeeds and
 * params_json records its values; style_blend with two style URIs in one style_uri; preprocessing,
 * normalize_gradients and average_decay (issue 16) in one row.
 */
class QualityFeaturesJobTest {

  @Test
  void everyQualityFeatureRunsAsAManifestOverride(@TempDir Path dir) throws IOException {
    BufferedImage scene = ImageDecoder.decode(Files.readAllBytes(Path.of("samples/content/sunset_hills.png")),
        "scene", ImageLimits.DEFAULT);
    BufferedImage texture = ImageDecoder.decode(Files.readAllBytes(Path.of("samples/style/mosaic.png")),
        "texture", ImageLimits.DEFAULT);
    Path content = dir.resolve("content.png");
    Path style = dir.resolve("style.png");
    Files.write(content, ImageEncoder.encode(ImageResizer.toSize(scene, 96, 72), ImageFormat.PNG));
    Files.write(style, ImageEncoder.encode(ImageResizer.toSize(texture, 64, 64), ImageFormat.PNG));
    Path style2 = dir.resolve("style2.png");
    Files.write(style2, ImageEncoder.encode(ImageResizer.toSize(texture.getSubimage(64, 64, 128, 128), 48, 48),
        ImageFormat.PNG));
    String pair = content + "," + style;
    Path manifest = dir.resolve("pairs.csv");
    Files.writeString(manifest, String.join("\n",
        "content_uri,style_uri,pair_id,size,style_scale,preserve_colors,scales,tile,tile_overlap,style_blend,"
            + "preprocessing,normalize_gradients,average_decay",
        pair + ",scaled,,0.5,,,,,,,,",
        pair + ",post,,,post,,,,,,,",
        pair + ",luminance,,,luminance,,,,,,,",
        pair + ",coarse_to_fine,,,,\"24,36\",,,,,,",
        pair + ",tiled,96,,,,64,16,,,,",
        pair + ",everything,96,1.5,luminance,48,64,8,,,,",
        content + ",\"" + style + "," + style2 + "\",blend,,,,,,,\"0.7,0.3\",,,",
        content + ",\"" + style + "," + style2 + "\",bad_blend,,,,,,,\"1,2,3\",,,",
        pair + ",model_options,,,,,,,,caffe,true,0.5") + "\n");

    JobRunner.Outcome run = JobRunner.run("local[2]", List.of("--pairs", manifest.toString(), "--output",
        dir.resolve("result").toString(), "--weights", "untrained:seed=31", "--run-id", "quality", "--size", "48",
        "--iterations", "4", "--log-every", "1", "--max-failed-fraction", "0.2"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("8 done, 1 failed, 0 skipped of 9 pairs");
    Map<String, Row> rows = JobRunner.metrics(dir.resolve("result/metrics").toString(), Map.of()).stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("pair_id"), r -> r));
    assertThat(rows).hasSize(9);
    Row badBlend = rows.remove("bad_blend");
    assertThat(badBlend.<String>getAs("error_class")).isEqualTo("PARAM_INVALID");
    assertThat(badBlend.<String>getAs("error_message"))
        .isEqualTo("--style-blend '1,2,3' is invalid; allowed: one weight, or 2 (one per style image)");
    rows.values().forEach(row -> {
      assertThat(row.<String>getAs("status")).as(row.<String>getAs("pair_id") + ": " + row.getAs("error_message"))
          .isEqualTo("SUCCEEDED");
      assertThat(row.<Integer>getAs("iterations")).isEqualTo(4);
      assertThat(Path.of(URI.create(row.<String>getAs("output_uri")))).exists();
    });

    assertThat(json(rows, "scaled")).contains("\"style_scale\":0.5").contains("\"preserve_colors\":\"none\"");
    assertThat(json(rows, "post")).contains("\"preserve_colors\":\"post\"");
    assertThat(json(rows, "luminance")).contains("\"preserve_colors\":\"luminance\"");
    assertThat(json(rows, "coarse_to_fine")).contains("\"scales\":[24,36]").contains("\"scale_split\":[1.0]");
    assertThat(json(rows, "tiled")).contains("\"tile\":64").contains("\"tile_overlap\":16").contains("\"size\":96");
    assertThat(json(rows, "everything")).contains("\"style_scale\":1.5").contains("\"scales\":[48]")
        .contains("\"tile\":64").contains("\"tile_overlap\":8").contains("\"preserve_colors\":\"luminance\"");
    // Defaults are recorded too, so two runs are comparable from params_json alone.
    assertThat(json(rows, "post")).contains("\"scales\":[]").contains("\"tile\":0").contains("\"style_blend\":[1.0]");

    assertThat(rows.get("tiled").<Integer>getAs("width")).isEqualTo(96);
    assertThat(rows.get("tiled").<Integer>getAs("height")).isEqualTo(72);
    // Coarse to fine: 4 iterations over 24, 36 and 48 px, numbered on; every one recorded (log_every 1).
    List<Row> history = rows.get("coarse_to_fine").getList(rows.get("coarse_to_fine").fieldIndex("loss_history"));
    assertThat(history).extracting(point -> point.<Integer>getAs("iteration")).containsExactly(1, 2, 3, 4);
    // 4 iterations split equally over 24, 36, 48 px: 1, 1, 2 (largest remainders, ties to the finer scale).
    assertThat(history).extracting(point -> point.<Integer>getAs("scale")).containsExactly(24, 36, 48, 48);
    assertThat(json(rows, "blend")).contains("\"style_blend\":[0.7,0.3]");
    // Issue 16's model and optimization options reach the executor through params_json; left out at defaults.
    assertThat(json(rows, "model_options")).contains("\"preprocessing\":\"caffe\"", "\"normalize_gradients\":true",
        "\"average_decay\":0.5");
    assertThat(json(rows, "post")).doesNotContain("preprocessing", "normalize_gradients", "average_decay");
    assertThat(rows.get("blend").<String>getAs("style_uri")).isEqualTo(style + "," + style2);
  }

  private static String json(Map<String, Row> rows, String pairId) {
    return rows.get(pairId).getAs("params_json");
  }
}
