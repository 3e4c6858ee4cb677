package dev.restyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.Orientation;
import dev.restyle.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final TransferCommand command = new TransferCommand(
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void stylizesTheSamplePairAndWritesTheJsonReport(@TempDir Path dir) throws Exception {
    Path image = dir.resolve("out.png");
    Path json = dir.resolve("losses.json");
    int code = command.run(new String[] {"--content", "samples/content/sunset_hills.png", "--style",
        "samples/style/swirls.png", "--weights", "untrained:seed=0", "--out", image.toString(), "--json-out",
        json.toString(), "--size", "40", "--iterations", "4", "--log-every", "2"});

    assertThat(code).as(err.toString()).isZero();
    assertThat(ImageDecoder.decode(Files.readAllBytes(image), "out", ImageLimits.DEFAULT).getWidth()).isEqualTo(40);
    JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(report.get("iterations_done").getAsInt()).isEqualTo(4);
    assertThat(report.getAsJsonArray("history")).hasSize(3); // iterations 1, 2, 4
    assertThat(report.getAsJsonArray("history").get(2).getAsJsonObject().get("iteration").getAsInt()).isEqualTo(4);
    assertThat(report.getAsJsonObject("final").keySet()).containsExactly("content", "style", "tv", "total");
    // final is the written picture's, last_iterate the optimizer's last evaluation (history's last point).
    double lastIterate = report.getAsJsonObject("last_iterate").get("total").getAsDouble();
    assertThat(lastIterate).isEqualTo(
        report.getAsJsonArray("history").get(2).getAsJsonObject().get("total").getAsDouble());
    assertThat(report.get("written_loss_ratio").getAsDouble())
        .isEqualTo(report.getAsJsonObject("final").get("total").getAsDouble() / lastIterate);
    // The quality signals of the metrics, in the same words.
    assertThat(report.get("loss_ratio").getAsDouble()).isEqualTo(report.getAsJsonObject("final").get("total")
        .getAsDouble() / report.getAsJsonObject("initial").get("total").getAsDouble());
    assertThat(report.get("content_ssim").getAsDouble()).isStrictlyBetween(0.0, 1.0);
    assertThat(report.getAsJsonArray("flags")).isEmpty();
    assertThat(report.get("ms_per_iteration_median").getAsDouble()).isPositive();
    assertThat(report.getAsJsonObject("params").get("size").getAsInt()).isEqualTo(40);
    assertThat(report.getAsJsonObject("params").get("learning_rate").getAsDouble()).isEqualTo(1.0);
    assertThat(report.get("weights_id").getAsString()).isEqualTo("untrained:seed=0");
    assertThat(out.toString()).contains("iter 2/4").contains("it/s").contains("ETA").contains("last iterate")
        .contains("written/last");
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("out.png", "losses.json");
    }
  }

  @Test
  void theModelAndOptimizationFlagsReachTheRunAndItsJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("losses.json");
    // --normalize-gradients alone is a switch; the Caffe weights' file has a layout of its own, so with seeded
    // weights caffe is given, not picked.
    int code = command.run(new String[] {"--content", "samples/content/sunset_hills.png", "--style",
        "samples/style/swirls.png", "--weights", "untrained:seed=0", "--out", dir.resolve("out.png").toString(),
        "--json-out", json.toString(), "--size", "32", "--iterations", "2", "--optimizer", "adam",
        "--normalize-gradients", "--average-decay", "0.5", "--preprocessing", "caffe", "--precision", "bf16"});

    assertThat(code).as(err.toString()).isZero();
    JsonObject params = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("params");
    assertThat(params.get("normalize_gradients").getAsBoolean()).isTrue();
    assertThat(params.get("average_decay").getAsDouble()).isEqualTo(0.5);
    assertThat(params.get("preprocessing").getAsString()).isEqualTo("caffe");
    assertThat(params.get("precision").getAsString()).isEqualTo("bf16"); // what was asked, even where it falls back
  }

  @Test
  void caffesPreprocessingRefusesWeightsWithAnotherLayout(@TempDir Path dir) {
    Path weights = Fixtures.require("vgg19-block1.pth");
    int code = command.run(new String[] {"--content", "samples/content/sunset_hills.png", "--style",
        "samples/style/swirls.png", "--weights", weights.toString(), "--out", dir.resolve("out.png").toString(),
        "--size", "32", "--iterations", "1", "--style-layers", "relu1_1", "--content-layer", "relu1_2",
        "--preprocessing", "caffe"});

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains(weights + " is not the Caffe VGG19 (vgg19-d01eb7cb.pth) that "
        + "--preprocessing caffe reads: missing 'features.5.weight'");
    assertThat(dir.resolve("out.png")).doesNotExist();
  }

  @Test
  void aPhoneFotoStoredOnItsSideIsStylizedUpright(@TempDir Path dir) throws Exception {
    Path image = dir.resolve("out.png");
    Path json = dir.resolve("losses.json");
    int code = command.run(new String[] {"--content", Fixtures.photo("orientation-6.jpg").toString(), "--style",
        Fixtures.photo("lossless.webp").toString(), "--weights", "untrained:seed=0", "--out", image.toString(),
        "--json-out", json.toString(), "--size", "48", "--iterations", "2"});

    assertThat(code).as(err.toString()).isZero();
    // Stored 32 × 48 with orientation 6; shown, and written, 48 × 32 like upright.png, with no EXIF tag.
    var written = ImageDecoder.decodeOriented(Files.readAllBytes(image), "out", ImageLimits.DEFAULT);
    assertThat(written.image().getWidth()).isEqualTo(48);
    assertThat(written.image().getHeight()).isEqualTo(32);
    assertThat(written.orientation()).isEqualTo(Orientation.NORMAL);
    JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(report.get("content_orientation").getAsInt()).isEqualTo(6);
  }

  @Test
  void aPngTaggedWithAProfileIsStylizedInTheColoursAViewerShows(@TempDir Path dir) throws Exception {
    Path image = dir.resolve("out.png");
    // A red block tagged SwappedRedAndGreen, barely moved from its start (Adam, a tiny step).
    int code = command.run(new String[] {"--content", Fixtures.photo("profile-SwappedRedAndGreen.png").toString(),
        "--style", Fixtures.photo("upright.png").toString(), "--weights", "untrained:seed=0", "--out",
        image.toString(), "--size", "32", "--iterations", "1", "--optimizer", "adam", "--learning-rate", "1e-6"});

    assertThat(code).as(err.toString()).isZero();
    int topLeft = ImageDecoder.decode(Files.readAllBytes(image), "out", ImageLimits.DEFAULT).getRGB(2, 2);
    assertThat(topLeft >> 8 & 0xFF).as("green").isGreaterThan(150);
    assertThat(topLeft >> 16 & 0xFF).as("not red").isLessThan(90);
  }

  @Test
  void aHeicContentFailsWithWhatToDo(@TempDir Path dir) throws Exception {
    int code = command.run(new String[] {"--content", Fixtures.photo("phone.heic").toString(), "--style",
        "samples/style/swirls.png", "--weights", "untrained:seed=0", "--out", dir.resolve("o.png").toString(),
        "--size", "32", "--iterations", "1"});

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("phone.heic is HEIC").contains("convert it to JPEG or PNG");
    assertThat(dir.resolve("o.png")).doesNotExist();
  }

  @Test
  void styleMasksGoWithTheStylesAndAMissingOneFailsThePair(@TempDir Path dir) throws Exception {
    Path image = dir.resolve("out.png");
    Path json = dir.resolve("losses.json");
    String styles = "samples/style/swirls.png,samples/style/mosaic.png";
    // the samples are masks as good as any: grayscale by luma, nowhere black
    String masks = "samples/style/mosaic.png,samples/style/swirls.png";
    int code = command.run(new String[] {"--content", "samples/content/sunset_hills.png", "--style", styles,
        "--style-mask", masks, "--weights", "untrained:seed=0", "--out", image.toString(), "--json-out",
        json.toString(), "--size", "32", "--iterations", "2"});
    assertThat(code).as(err.toString()).isZero();
    JsonObject params = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("params");
    assertThat(params.getAsJsonArray("style_mask_uri").toString())
        .isEqualTo("[\"samples/style/mosaic.png\",\"samples/style/swirls.png\"]");

    int missing = command.run(new String[] {"--content", "samples/content/sunset_hills.png", "--style", styles,
        "--style-mask", "samples/style/mosaic.png," + dir.resolve("nope.png"), "--weights", "untrained:seed=0",
        "--out", image.toString(), "--size", "32", "--iterations", "1"});
    assertThat(missing).isEqualTo(1);
    assertThat(err.toString()).contains("nope.png does not exist");

    int miscounted = command.run(new String[] {"--content", "samples/content/sunset_hills.png", "--style", styles,
        "--style-mask", "samples/style/mosaic.png", "--weights", "untrained:seed=0", "--out", image.toString()});
    assertThat(miscounted).isEqualTo(2);
    assertThat(err.toString()).contains("--style-mask 'samples/style/mosaic.png' is invalid; allowed: 2 mask(s), "
        + "one per style image");
  }

  @Test
  void badArgumentsExitWithCode2AndSayWhichFlag() {
    int code = command.run(new String[] {"--content", "a.png", "--style", "b.png", "--weights", "untrained",
        "--out", "o.png", "--size", "99999"});
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--size '99999' is invalid; allowed: 16..8192");
  }

  @Test
  void missingRequiredFlagExitsWithCode2() {
    assertThat(command.run(new String[] {"--content", "a.png"})).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option");
  }

  @Test
  void helpListsEveryFlagWithItsDefault() {
    assertThat(command.run(new String[] {"--help"})).isZero();
    String help = out.toString().replaceAll("\\s+", " "); // picocli wraps long descriptions
    assertThat(help).contains("--style-weight=<style_weight>").contains("Default: 1000000.0.")
        .contains("--iterations=<iterations>").contains("Allowed: 1..100000. Default: 500.").contains("--json-out");
  }

  @Test
  void missingInputFileFailsThePairWithExitCode1(@TempDir Path dir) {
    int code = command.run(new String[] {"--content", dir.resolve("nope.png").toString(), "--style",
        "samples/style/swirls.png", "--weights", "untrained", "--out", dir.resolve("o.png").toString(),
        "--size", "32", "--iterations", "1"});
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("nope.png does not exist");
  }
}
