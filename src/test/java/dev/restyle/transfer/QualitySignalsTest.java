package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.INIT;
import static dev.restyle.params.StyleParamTable.ITERATIONS;
import static dev.restyle.params.StyleParamTable.LEARNING_RATE;
import static dev.restyle.params.StyleParamTable.OPTIMIZER;
import static dev.restyle.params.StyleParamTable.PIXEL_RANGE;
import static dev.restyle.params.StyleParamTable.SIZE;
import static dev.restyle.params.StyleParamTable.STYLE_WEIGHT;
import static dev.restyle.transfer.QualityFlag.FLAT_OUTPUT;
import static dev.restyle.transfer.QualityFlag.NAN_LOSS;
import static dev.restyle.transfer.QualityFlag.NO_PROGRESS;
import static dev.restyle.transfer.QualityFlag.OUT_OF_RANGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.params.InitImage;
import dev.restyle.params.Optimizer;
import dev.restyle.params.PixelRange;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, item 8: each quality flag is raised by a pair that really has that problem, optimized for real
 * (seeded weights, 32 px), and absent on a control pair that differs in the one setting that causes it.
 */
class QualitySignalsTest {

  @RegisterExtension
  static final SeededModel seeded = new SeededModel(0, "relu5_1");

  private static final PairInput SAMPLE = new PairInput("house_by_lake.png",
      QualityFixtures.sample("content/house_by_lake.png"), "brush_strokes.png",
      QualityFixtures.sample("style/brush_strokes.png"));
  private static final PairInput FLAT_CONTENT = new PairInput("gray.png", flatGray(), "brush_strokes.png",
      QualityFixtures.sample("style/brush_strokes.png"));

  private static PairResult lbfgs;
  private static PairResult adam;

  @BeforeAll
  static void optimizeTheControls() {
    lbfgs = transfer(SAMPLE, base(30));
    adam = transfer(SAMPLE, base(10).set(OPTIMIZER, Optimizer.ADAM));
  }

  @Test
  void aGoodPairRaisesNoFlagAndHasItsRatios() {
    for (PairResult control : new PairResult[] {lbfgs, adam}) {
      assertThat(control.flags()).isEmpty();
      assertThat(control.lossRatio()).isEqualTo(control.last().total() / control.initial().total()).isLessThan(0.5);
      // Stylized, so not the content any more, yet with its structure partly kept.
      assertThat(control.quality().contentSsim()).isBetween(0.2, 0.95);
    }
  }

  @Test
  void anAbsurdLearningRateGivesNanLoss() {
    // Steps of 1e30 with nothing keeping pixels in range: activations overflow, the loss becomes NaN, and
    // the picture written from NaN pixels is black, so it is flat and worse than the start too.
    PairResult absurd = transfer(SAMPLE, base(5).set(OPTIMIZER, Optimizer.ADAM).set(PIXEL_RANGE, PixelRange.CLAMP_AT_END)
        .set(LEARNING_RATE, OptionalDouble.of(1e30)));

    assertThat(absurd.lastIterate().total()).isNaN();
    assertThat(absurd.flags()).containsExactly(NAN_LOSS, FLAT_OUTPUT, NO_PROGRESS);
    assertThat(adam.flags()).doesNotContain(NAN_LOSS);
  }

  @Test
  void aFlatContentWithNoStyleWeightGivesAFlatOutput() {
    // Nothing to optimize: content loss 0 at the start, style weight 0. The picture stays the flat content,
    // its SSIM against the content is exactly 1, and the loss (0) cannot fall.
    PairResult zeroWeight = transfer(FLAT_CONTENT, base(10).set(STYLE_WEIGHT, 0.0));
    PairResult photo = transfer(SAMPLE, base(10).set(STYLE_WEIGHT, 0.0));

    assertThat(zeroWeight.quality().lumaStdDev()).isZero();
    assertThat(zeroWeight.quality().contentSsim()).isEqualTo(1.0);
    assertThat(zeroWeight.lossRatio()).isNull(); // 0 over 0
    assertThat(zeroWeight.flags()).containsExactly(FLAT_OUTPUT, NO_PROGRESS);
    // The control: the same setup with a photo as the content writes the photo, which is anything but flat
    // (it too makes no progress: there is nothing to optimize).
    assertThat(photo.quality().lumaStdDev()).isGreaterThan(10 * QualityFlag.FLAT_LUMA_STD_DEV);
    assertThat(photo.quality().contentSsim()).isEqualTo(1.0);
    assertThat(photo.flags()).containsExactly(NO_PROGRESS);
  }

  @Test
  void stepsTooLargeGiveNoProgress() {
    // Adam at learning rate 1 in a [0,1] box throws every pixel to a bound at the first step.
    PairResult tooLarge = transfer(SAMPLE, base(10).set(OPTIMIZER, Optimizer.ADAM)
        .set(LEARNING_RATE, OptionalDouble.of(1.0)));

    assertThat(tooLarge.last().total()).isGreaterThan(tooLarge.initial().total());
    assertThat(tooLarge.lossRatio()).isGreaterThan(1.0);
    assertThat(tooLarge.flags()).containsExactly(NO_PROGRESS);
    assertThat(adam.flags()).doesNotContain(NO_PROGRESS);
  }

  @Test
  void clampingOnlyAtTheEndGivesOutOfRange() {
    // L-BFGS unconstrained leaves pixels outside [0,1]; the clamp that writes the picture doubles its loss.
    PairResult clamped = transfer(SAMPLE, base(30).set(PIXEL_RANGE, PixelRange.CLAMP_AT_END));

    assertThat(clamped.writtenLossRatio()).isGreaterThan(1.5);
    assertThat(clamped.flags()).containsExactly(OUT_OF_RANGE);
    // The control, the same pair projected into [0,1] (the default), writes what it optimized.
    assertThat(lbfgs.writtenLossRatio()).isBetween(0.99, 1.01);
    assertThat(lbfgs.flags()).doesNotContain(OUT_OF_RANGE);
  }

  private static StyleParams.Builder base(int iterations) {
    return StyleParams.builder().set(SIZE, 32).set(ITERATIONS, iterations).set(INIT, InitImage.CONTENT);
  }

  private static PairResult transfer(PairInput input, StyleParams.Builder params) {
    return new PairOptimizer(seeded.model(), ImageLimits.DEFAULT).optimize(input, params.build(), ProgressListener.NONE);
  }

  private static byte[] flatGray() {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(128, 128, 128));
    g.fillRect(0, 0, 32, 32);
    g.dispose();
    return ImageEncoder.encode(image, ImageFormat.PNG);
  }
}
