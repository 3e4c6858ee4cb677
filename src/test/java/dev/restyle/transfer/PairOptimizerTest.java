package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.model.Pooling;
import dev.restyle.model.SeededVgg19Weights;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Loader;
import dev.restyle.model.VggLayer;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PairOptimizerTest {

  private static Vgg19 model;

  @BeforeAll
  static void load() {
    VggLayer deepest = Vgg19Architecture.layer("relu5_1");
    model = Vgg19Loader.load(SeededVgg19Weights.stateDict(0, deepest), "seeded", SeededVgg19Weights.id(0), deepest,
        Pooling.MAX, Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void resultHasTheImageLossesAndAHistoryWithFirstAndLastIteration() {
    StyleParams params = StyleParams.of(Map.of("size", "48", "iterations", "7", "log_every", "3"));
    PairResult result = new PairOptimizer(model, ImageLimits.DEFAULT).optimize(pair(64, 40), params,
        ProgressListener.NONE);

    BufferedImage image = ImageDecoder.decode(result.image(), "result", ImageLimits.DEFAULT);
    assertThat(image.getWidth()).isEqualTo(48).isEqualTo(result.width());
    assertThat(image.getHeight()).isEqualTo(30).isEqualTo(result.height()); // 40/64 of 48, aspect kept
    assertThat(result.history().stream().map(HistoryPoint::iteration).toList()).containsExactly(1, 3, 6, 7);
    assertThat(result.iterationsDone()).isEqualTo(7);
    assertThat(result.initial()).isEqualTo(result.history().get(0).losses());
    assertThat(result.initial().content()).isZero(); // init from content
    assertThat(result.last().total()).isLessThan(result.initial().total());
    LossValues last = result.last();
    assertThat(last.total()).isCloseTo(last.content() + 1e6 * last.style(), org.assertj.core.api.Assertions.within(
        1e-4 * last.total()));
  }

  @Test
  void twoPairsOnTwoThreadsGiveExactlyTheirSequentialResults() throws Exception {
    PairOptimizer optimizer = new PairOptimizer(model, ImageLimits.DEFAULT);
    StyleParams lbfgs = StyleParams.of(Map.of("size", "32", "iterations", "6", "log_every", "1"));
    StyleParams adamNoise = StyleParams.of(Map.of("size", "32", "iterations", "6", "log_every", "1",
        "optimizer", "adam", "init", "noise", "seed", "5"));
    PairInput first = pair(32, 32);
    PairInput second = pair(40, 32);
    PairResult firstAlone = optimizer.optimize(first, lbfgs, ProgressListener.NONE);
    PairResult secondAlone = optimizer.optimize(second, adamNoise, ProgressListener.NONE);

    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 2; round++) {
        Future<PairResult> a = threads.submit(() -> optimizer.optimize(first, lbfgs, ProgressListener.NONE));
        Future<PairResult> b = threads.submit(() -> optimizer.optimize(second, adamNoise, ProgressListener.NONE));
        assertSameOptimization(a.get(), firstAlone);
        assertSameOptimization(b.get(), secondAlone);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static void assertSameOptimization(PairResult actual, PairResult expected) {
    assertThat(actual.history()).isEqualTo(expected.history());
    assertThat(actual.last()).isEqualTo(expected.last());
    assertThat(actual.image()).isEqualTo(expected.image());
  }

  /** A synthetic content scene and style texture, PNG-encoded. */
  static PairInput pair(int width, int height) {
    BufferedImage content = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    BufferedImage style = new BufferedImage(36, 36, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        content.setRGB(x, y, ((255 * x / width) << 16) | ((255 * y / height) << 8) | (x > width / 2 ? 200 : 30));
      }
    }
    for (int y = 0; y < 36; y++) {
      for (int x = 0; x < 36; x++) {
        style.setRGB(x, y, ((x + y) % 6 < 3 ? 0xE0A020 : 0x2040C0) ^ (x * 7 % 32));
      }
    }
    return new PairInput("content.png", ImageEncoder.encode(content, ImageFormat.PNG), "style.png",
        ImageEncoder.encode(style, ImageFormat.PNG));
  }

}
