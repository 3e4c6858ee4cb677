package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import dev.restyle.metrics.RunLedger;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 items 4, 5 and 7 as manifest columns of one real job on local[2] (32 px, 3 iterations), with a
 * plain pair as the control: preserve_colors histogram with color_transfer, init_uri (good, missing, corrupt,
 * outside the allowed inputs, clashing with init), and save_every, with what a --skip-done rerun would skip.
 */
class PictureFeaturesJobTest {

  @TempDir
  static Path dir;
  private static JobRunner.Outcome run;
  private static Set<String> skippedByARerun;
  private static Map<String, Row> rows;

  @BeforeAll
  static void runTheJob() throws IOException {
    Path content = dir.resolve("content.png");
    Path style = dir.resolve("style.png");
    Files.write(content, png(sample("samples/content/sunset_hills.png"), 40, 30));
    Files.write(style, png(sample("samples/style/mosaic.png"), 32, 32));
    byte[] start = png(sample("samples/content/house_by_lake.png"), 20, 20);
    Files.write(dir.resolve("start.png"), start);
    Files.write(dir.resolve("corrupt.png"), Arrays.copyOf(start, start.length / 2));
    String pair = content + "," + style;
    Path manifest = dir.resolve("pairs.csv");
    Files.writeString(manifest, String.join("\n",
        "content_uri,style_uri,pair_id,preserve_colors,color_transfer,init_uri,init,save_every",
        pair + ",plain,,,,,",
        pair + ",histogram,histogram,,,,",
        pair + ",histogram_sym,histogram,sym,,,",
        pair + ",bad_basis,histogram,lab,,,",
        pair + ",from_picture,,,start.png,,",
        pair + ",missing_start,,,nope.png,,",
        pair + ",corrupt_start,,,corrupt.png,,",
        pair + ",clash,,,start.png,noise,",
        pair + ",outside_start,,,/etc/hostname,,",
        pair + ",progress,,,,,1") + "\n");

    List<String> args = List.of("--pairs", manifest.toString(), "--output", dir.resolve("result").toString(),
        "--weights", "untrained:seed=31", "--run-id", "pictures", "--size", "32", "--iterations", "3",
        "--max-failed-fraction", "0.7", "--allow-input-prefix", "file:" + dir);
    run = JobRunner.run("local[2]", args);
    assertThat(dir.resolve("result/metrics")).as(run.out() + run.err()).exists();
    // The rows, and what a rerun with --skip-done would skip (RunLedger, which the job asks), in one session.
    SparkSession spark = SparkSession.builder().master("local[1]").appName("metrics-reader")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false").getOrCreate();
    try {
      String metrics = dir.resolve("result/metrics").toString();
      rows = spark.read().parquet(metrics).collectAsList().stream()
          .collect(Collectors.toMap(r -> r.<String>getAs("pair_id"), r -> r));
      skippedByARerun = RunLedger.done(spark, new Configuration(), metrics, "pictures", false).collectAsList()
          .stream().map(r -> r.<String>getAs("pair_id")).collect(Collectors.toSet());
    } finally {
      spark.stop();
    }
  }

  @Test
  void histogramColorsRunWithEachBasisAndABadBasisIsOneFailedRow() {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(status("histogram")).isEqualTo("SUCCEEDED");
    assertThat(json("histogram")).contains("\"preserve_colors\":\"histogram\"").doesNotContain("color_transfer");
    assertThat(status("histogram_sym")).isEqualTo("SUCCEEDED");
    assertThat(json("histogram_sym")).contains("\"color_transfer\":\"sym\"");
    assertThat(rows.get("bad_basis").<String>getAs("error_class")).isEqualTo("PARAM_INVALID");
    assertThat(rows.get("bad_basis").<String>getAs("error_message"))
        .isEqualTo("--color-transfer 'lab' is invalid; allowed: pca | chol | sym");
    assertThat(json("plain")).doesNotContain("color_transfer").doesNotContain("init_uri").doesNotContain("save_every");
  }

  @Test
  void anInitPictureResolvesAgainstTheManifestAndStartsThePair() {
    assertThat(status("from_picture")).isEqualTo("SUCCEEDED");
    // Resolved against the manifest's folder.
    assertThat(json("from_picture")).contains("\"init\":\"image\"")
        .containsPattern("\"init_uri\":\"[a-z:]*" + Pattern.quote(dir.resolve("start.png").toString()) + "\"");
    // The control: the plain pair starts from the content, at another loss.
    assertThat(rows.get("from_picture").<Double>getAs("initial_total_loss"))
        .isNotEqualTo(rows.get("plain").<Double>getAs("initial_total_loss"));
  }

  @Test
  void aMissingCorruptOrClashingInitPictureIsOneFailedRowEach() {
    assertThat(rows.get("missing_start").<String>getAs("error_class")).isEqualTo("INPUT_NOT_FOUND");
    assertThat(rows.get("missing_start").<String>getAs("error_message")).startsWith("init image ")
        .endsWith("nope.png does not exist");
    assertThat(rows.get("corrupt_start").<String>getAs("error_class")).isEqualTo("INPUT_UNDECODABLE");
    assertThat(rows.get("corrupt_start").<String>getAs("error_message")).startsWith("init image ")
        .contains("corrupt.png");
    // Outside --allow-input-prefix: refused when planned, never fetched.
    assertThat(rows.get("outside_start").<String>getAs("error_class")).isEqualTo("INPUT_NOT_ALLOWED");
    assertThat(rows.get("outside_start").<String>getAs("error_message")).contains("/etc/hostname");
    assertThat(rows.get("clash").<String>getAs("error_class")).isEqualTo("PARAM_INVALID");
    assertThat(rows.get("clash").<String>getAs("error_message")).endsWith("allowed: a picture to start from, with "
        + "--init image or no --init (it is noise here)");
    assertThat(run.out()).contains("5 done, 5 failed, 0 skipped of 10 pairs");
  }

  @Test
  void progressPicturesLieInTheProgressFolderAndTheLastIsTheOutput() throws IOException {
    assertThat(status("progress")).isEqualTo("SUCCEEDED");
    assertThat(json("progress")).contains("\"save_every\":1");
    Path images = dir.resolve("result/images/run_id=pictures");
    Path progress = images.resolve("_progress/progress");
    try (Stream<Path> files = Files.list(progress)) {
      // Hadoop's local file system keeps a hidden .crc checksum beside each file, as it does for the outputs.
      assertThat(files.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith(".")))
          .containsExactlyInAnyOrder("iter0001.png", "iter0002.png", "iter0003.png");
    }
    BufferedImage first = ImageDecoder.decode(Files.readAllBytes(progress.resolve("iter0001.png")), "p",
        ImageLimits.DEFAULT);
    assertThat(first.getWidth()).isEqualTo(32);
    assertThat(first.getHeight()).isEqualTo(24);
    Path output = Path.of(URI.create(rows.get("progress").getAs("output_uri")));
    assertThat(output).isEqualTo(images.resolve("progress.png"));
    assertThat(Files.readAllBytes(progress.resolve("iter0003.png"))).isEqualTo(Files.readAllBytes(output));
    // The control: the pairs without save_every have no progress folder.
    try (Stream<Path> pairs = Files.list(images.resolve("_progress"))) {
      assertThat(pairs.map(p -> p.getFileName().toString())).containsExactly("progress");
    }
    // The progress folder is not a pair's output: a rerun with --skip-done skips exactly the 5 done pairs.
    assertThat(skippedByARerun).containsExactlyInAnyOrder("plain", "histogram", "histogram_sym", "from_picture",
        "progress");
  }

  private static String status(String pairId) {
    Row row = rows.get(pairId);
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
