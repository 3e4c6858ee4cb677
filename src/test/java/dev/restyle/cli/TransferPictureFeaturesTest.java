package dev.restyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageLimits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restyle transfer with the flags of issue 16 items 4, 5 and 7, on the sample pair at 32 px. */
class TransferPictureFeaturesTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final TransferCommand command = new TransferCommand(
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void histogramColorsWithAChosenBasisRunAndAreRecorded(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("losses.json");
    int code = command.run(new String[] {"--content", "samples/content/sunset_hills.png", "--style",
        "samples/style/mosaic.png", "--weights", "untrained:seed=0", "--out", dir.resolve("out.png").toString(),
        "--json-out", json.toString(), "--size", "32", "--iterations", "2", "--preserve-colors", "histogram",
        "--color-transfer", "chol"});

    assertThat(code).as(err.toString()).isZero();
    JsonObject params = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("params");
    assertThat(params.get("preserve_colors").getAsString()).isEqualTo("histogram");
    assertThat(params.get("color_transfer").getAsString()).isEqualTo("chol");
  }

  @Test
  void anInitImageStartsThePairAndAMissingOneFailsIt(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("losses.json");
    String[] base = {"--content", "samples/content/sunset_hills.png", "--style", "samples/style/mosaic.png",
        "--weights", "untrained:seed=0", "--out", dir.resolve("out.png").toString(), "--json-out", json.toString(),
        "--size", "32", "--iterations", "1"};
    assertThat(command.run(base)).as(err.toString()).isZero();
    double fromContent = initialTotal(json);

    assertThat(command.run(concat(base, "--init-image", "samples/content/house_by_lake.png"))).as(err.toString())
        .isZero();
    JsonObject params = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("params");
    assertThat(params.get("init").getAsString()).isEqualTo("image");
    assertThat(params.get("init_uri").getAsString()).isEqualTo("samples/content/house_by_lake.png");
    assertThat(initialTotal(json)).isNotEqualTo(fromContent);

    assertThat(command.run(concat(base, "--init-image", dir.resolve("nope.png").toString()))).isEqualTo(1);
    assertThat(err.toString()).contains("init image " + dir.resolve("nope.png") + " does not exist");
    assertThat(command.run(concat(base, "--init", "image"))).isEqualTo(2);
    assertThat(err.toString()).contains("--init 'image' is invalid; allowed: image only with --init-image URI");
  }

  @Test
  void saveEveryWritesNumberedPicturesNextToTheOutputAndTheLastIsTheOutput(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("out.png");
    String[] base = {"--content", "samples/content/sunset_hills.png", "--style", "samples/style/mosaic.png",
        "--weights", "untrained:seed=0", "--size", "32", "--iterations", "4"};
    assertThat(command.run(concat(base, "--out", output.toString(), "--save-every", "2"))).as(err.toString()).isZero();
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("out.png", "out_iter0002.png", "out_iter0004.png");
    }
    assertThat(Files.readAllBytes(dir.resolve("out_iter0004.png"))).isEqualTo(Files.readAllBytes(output));
    var first = ImageDecoder.decode(Files.readAllBytes(dir.resolve("out_iter0002.png")), "p", ImageLimits.DEFAULT);
    assertThat(first.getWidth()).isEqualTo(32);

    // The control: without --save-every, only the output.
    Path other = dir.resolve("plain");
    Files.createDirectory(other);
    assertThat(command.run(concat(base, "--out", other.resolve("out.png").toString()))).isZero();
    try (var listing = Files.list(other)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("out.png");
    }
  }

  private static double initialTotal(Path json) throws java.io.IOException {
    return JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("initial").get("total")
        .getAsDouble();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
