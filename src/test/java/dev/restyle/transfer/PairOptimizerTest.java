package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.INIT;
import static dev.restyle.params.StyleParamTable.ITERATIONS;
import static dev.restyle.params.StyleParamTable.LOG_EVERY;
import static dev.restyle.params.StyleParamTable.OPTIMIZER;
import static dev.restyle.params.StyleParamTable.SEED;
import static dev.restyle.params.StyleParamTable.SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.params.InitImage;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import java.awt.image.BufferedImage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PairOptimizerTest {

  @RegisterExtension
  static final SeededModel seeded = new SeededModel(0, "relu5_1");

  @Test
  void resultHasTheImageLossesAndAHistoryWithFirstAndLastIteration() {
    StyleParams params = StyleParams.builder().set(SIZE, 48).set(ITERATIONS, 7).set(LOG_EVERY, 3).build();
    PairResult result = new PairOptimizer(seeded.model(), ImageLimits.DEFAULT).optimize(pair(64, 40), params,
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
    PairOptimizer optimizer = new PairOptimizer(seeded.model(), ImageLimits.DEFAULT);
    StyleParams lbfgs = StyleParams.builder().set(SIZE, 32).set(ITERATIONS, 6).set(LOG_EVERY, 1).build();
    StyleParams adamNoise = StyleParams.builder().set(SIZE, 32).set(ITERATIONS, 6).set(LOG_EVERY, 1)
        .set(OPTIMIZER, Optimizer.ADAM).set(INIT, InitImage.NOISE).set(SEED, 5L).build();
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
