package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Photos as phones write them, through the real job: upright outputs, the orientation recorded, HEIC refused. */
class PhotoInputsJobTest {

  @Test
  void orientedJpegsAndWebpRunUprightAndHeicIsOneClearFailedRow(@TempDir Path dir) throws IOException {
    Path manifest = dir.resolve("pairs.csv");
    // "swapped": a red picture tagged SwappedRedAndGreen, barely moved from its start (Adam, a tiny step),
    // so the output shows what the decoder made of its colours.
    Files.writeString(manifest, String.join("\n", "content_uri,style_uri,pair_id,optimizer,learning_rate",
        Fixtures.photo("orientation-6.jpg") + "," + Fixtures.photo("lossy.webp") + ",portrait,,",
        Fixtures.photo("orientation-3.jpg") + "," + Fixtures.photo("upright.png") + ",upside_down,,",
        Fixtures.photo("alpha.webp") + "," + Fixtures.photo("upright.png") + ",webp_content,,",
        Fixtures.photo("phone.heic") + "," + Fixtures.photo("upright.png") + ",heic,,",
        Fixtures.photo("profile-SwappedRedAndGreen.png") + "," + Fixtures.photo("upright.png") + ",swapped,adam,1e-6",
        ""));

    JobRunner.Outcome run = JobRunner.run("local[2]", List.of("--pairs", manifest.toString(), "--output",
        dir.resolve("out").toString(), "--weights", "untrained:seed=61", "--run-id", "photos", "--size", "48",
        "--iterations", "2", "--max-failed-fraction", "1"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("4 done, 1 failed, 0 skipped of 5 pairs");
    Map<String, Row> byId = JobRunner.metrics(dir.resolve("out/metrics").toString(), Map.of()).stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("pair_id"), r -> r));
    for (String id : List.of("portrait", "upside_down", "webp_content", "swapped")) {
      Row row = byId.get(id);
      assertThat(row.<String>getAs("status")).as(id + ": " + row.getAs("error_message")).isEqualTo("SUCCEEDED");
      assertThat(List.of(row.<Integer>getAs("width"), row.<Integer>getAs("height"))).as(id)
          .containsExactly(48, id.equals("swapped") ? 24 : 32); // colours.png is 32 × 16
    }
    assertThat(byId.get("portrait").<Integer>getAs("content_orientation")).isEqualTo(6);
    assertThat(byId.get("upside_down").<Integer>getAs("content_orientation")).isEqualTo(3);
    assertThat(byId.get("webp_content").<Integer>getAs("content_orientation")).isEqualTo(1);
    BufferedImage swapped = ImageIO.read(dir.resolve("out/images/run_id=photos/swapped.png").toFile());
    int topLeft = swapped.getRGB(2, 2); // colours.png's first block: stored red (220, 30, 30)
    assertThat(topLeft >> 8 & 0xFF).as("green, as a colour-managed viewer shows the input").isGreaterThan(150);
    assertThat(topLeft >> 16 & 0xFF).isLessThan(90);
    Row heic = byId.get("heic");
    assertThat(heic.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(heic.<String>getAs("error_class")).isEqualTo("INPUT_UNSUPPORTED_FORMAT");
    assertThat(heic.<String>getAs("error_message")).contains("phone.heic is HEIC").contains("convert it to JPEG or PNG");
  }
}
