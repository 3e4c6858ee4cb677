package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import ai.djl.Device;
import dev.restyle.image.ImageLimits;
import dev.restyle.model.Pooling;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.WeightsSource;
import dev.restyle.params.StyleParams;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.ProgressListener;
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
 * Issue 15 in one real job on local[2], one task: {@code --batch-pairs 4} over a catalog of mixed sizes,
 * shapes and optimizers, with a corrupt pair inside a batch. Every pair runs, the batch's rows say which
 * pairs shared their passes, and each pair's last loss is the one the same pair gets alone, optimized here
 * from its row's own params_json on the same weights.
 */
class BatchedPairsJobTest {

  @Test
  void aBatchedRunRunsEveryPairAndEachGetsItsOwnResult(@TempDir Path dir) throws IOException {
    write(dir.resolve("warm.png"), gradient(32, 32, Color.RED, Color.YELLOW));
    write(dir.resolve("cool.png"), gradient(32, 32, Color.BLUE, Color.GREEN));
    write(dir.resolve("gray.png"), gradient(32, 32, Color.DARK_GRAY, Color.WHITE));
    write(dir.resolve("wide.png"), gradient(64, 32, Color.MAGENTA, Color.CYAN));
    write(dir.resolve("style.png"), gradient(32, 32, Color.ORANGE, Color.BLACK));
    Files.writeString(dir.resolve("corrupt.png"), "not a picture", StandardCharsets.UTF_8);
    Path manifest = dir.resolve("pairs.csv");
    // Sorted by (size, style, pair id), one task's pairs are b1 | a0..a3 | a4 a5: a0 fails inside a batch,
    // a4 and a5 differ in shape (32×16 and 32×32), b1 is the only pair of its size.
    Files.writeString(manifest, String.join("\n",
        "content_uri,style_uri,pair_id,size,optimizer,style_weight",
        "corrupt.png,style.png,a0,32,,",
        "warm.png,style.png,a1,32,lbfgs,1e6",
        "cool.png,style.png,a2,32,adam,1e5",
        "gray.png,style.png,a3,32,lbfgs,1e7",
        "wide.png,style.png,a4,32,adam,",
        "warm.png,style.png,a5,32,adam,",
        "cool.png,style.png,b1,24,lbfgs,") + "\n");

    Map<String, Row> batched = run(dir, manifest, "batched", "4");

    assertThat(batched.get("a0").<String>getAs("error_class")).isEqualTo("INPUT_UNDECODABLE");
    String batchId = batched.get("a1").getAs("batch_id");
    assertThat(batchId).isNotNull();
    for (String pair : List.of("a1", "a2", "a3")) {
      Row row = batched.get(pair);
      assertThat(row.<String>getAs("status")).as(pair + ": " + row.<String>getAs("error_message"))
          .isEqualTo("SUCCEEDED");
      assertThat(row.<Integer>getAs("batch_size")).as(pair).isEqualTo(3);
      assertThat(row.<String>getAs("batch_id")).as(pair).isEqualTo(batchId);
      assertThat(row.<Double>getAs("ms_per_iteration_median")).isPositive();
    }
    for (String pair : List.of("a0", "a4", "a5", "b1")) {
      assertThat(batched.get(pair).<Integer>getAs("batch_size")).as(pair).isEqualTo(1);
      assertThat(batched.get(pair).<String>getAs("batch_id")).as(pair).isNull();
    }
    assertThat(batched.get("a4").<Integer>getAs("height")).isEqualTo(16);
    assertThat(batched.get("a5").<Integer>getAs("height")).isEqualTo(32);
    assertThat(batched.get("b1").<Integer>getAs("width")).isEqualTo(24);

    try (Vgg19 model = Vgg19Weights.load(new WeightsSource.Untrained(3), Vgg19Architecture.layer("relu5_1"),
        Pooling.MAX, Device.cpu())) {
      Map<String, Double> alone = new java.util.HashMap<>();
      for (String pair : List.of("a1", "a2", "a3", "a4", "a5", "b1")) {
        Row own = batched.get(pair);
        assertThat(own.<String>getAs("status")).as(pair).isEqualTo("SUCCEEDED");
        alone.put(pair, aloneLoss(model, own));
        double relative = Math.abs(own.<Double>getAs("last_iterate_total_loss") - alone.get(pair)) / alone.get(pair);
        assertThat(relative).as(pair).isLessThan(1e-4);
      }
      // The control: the batch's pairs really differ, so matching them is matching each to its own.
      assertThat(alone.get("a1")).isNotCloseTo(alone.get("a3"), org.assertj.core.data.Percentage.withPercentage(5));
    }
  }

  /** The pair optimized alone, from its row's content, style and params_json. */
  private static double aloneLoss(Vgg19 model, Row row) throws IOException {
    String content = row.getAs("content_uri");
    String style = row.getAs("style_uri");
    PairInput input = new PairInput(content, Files.readAllBytes(local(content)), style,
        Files.readAllBytes(local(style)));
    PairResult result = new PairOptimizer(model, ImageLimits.DEFAULT).optimize(input,
        StyleParams.fromJson(row.getAs("params_json")), ProgressListener.NONE);
    return result.lastIterate().total();
  }

  private static Path local(String uri) {
    return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
  }

  private static Map<String, Row> run(Path dir, Path manifest, String runId, String batchPairs) {
    JobRunner.Outcome run = JobRunner.run("local[2]", List.of("--pairs", manifest.toString(), "--output",
        dir.resolve(runId).toString(), "--weights", "untrained:seed=3", "--run-id", runId, "--iterations", "4",
        "--partitions", "1", "--batch-pairs", batchPairs, "--max-failed-fraction", "0.2"));
    Map<String, Row> rows = JobRunner.metrics(dir.resolve(runId).resolve("metrics").toString(), Map.of()).stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("pair_id"), r -> r));
    String failures = rows.values().stream().filter(r -> "FAILED".equals(r.getAs("status")))
        .map(r -> r.getAs("pair_id") + ": " + r.getAs("error_message")).collect(Collectors.joining("; "));
    assertThat(run.exitCode()).as(failures + "\n" + run.err()).isZero();
    assertThat(run.out()).as(failures).contains("6 done, 1 failed, 0 skipped of 7 pairs");
    return rows;
  }

  private static BufferedImage gradient(int width, int height, Color from, Color to) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, from, width, height, to));
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  private static void write(Path path, BufferedImage image) throws IOException {
    Files.write(path, ImageEncoder.encode(image, ImageFormat.PNG));
  }
}
