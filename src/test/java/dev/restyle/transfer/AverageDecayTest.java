package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.AVERAGE_DECAY;
import static dev.restyle.params.StyleParamTable.ITERATIONS;
import static dev.restyle.params.StyleParamTable.OPTIMIZER;
import static dev.restyle.params.StyleParamTable.SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageTensors;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, item 6: {@code --average-decay D} writes the bias-corrected moving average of the iterates. The
 * control is D = 0, which writes the last iterate; the average is checked against one computed here from the
 * iterates those runs wrote.
 */
class AverageDecayTest {

  private static final int PX = 32;
  private static final double DECAY = 0.5;
  private static final float LEVEL = 1f / 255;

  @RegisterExtension
  static final SeededModel seeded = new SeededModel(0, "relu5_1");

  @Test
  void theAverageStartsAtTheFirstPictureAndIsBiasCorrected() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] average;
      try (IterateAverage ema = new IterateAverage(manager.create(new float[] {0f}), DECAY)) {
        ema.update(manager.create(new float[] {1f}));
        ema.update(manager.create(new float[] {3f}));
        average = ema.average(manager).toFloatArray();
      }
      // (0.25·0 + 0.5·1 + 1·3) · (1 − D) / (1 − D³) = 1.75 / 0.875, where an uncorrected average says 1.75.
      assertThat(average[0]).isEqualTo(2.0f);
    }
  }

  /** x1, x2, x3: what D = 0 writes after 1, 2 and 3 Adam iterations (one trajectory, whatever the budget). */
  private static final PairResult[] LAST = new PairResult[4];
  private static PairResult averaged;
  private static PairInput pair;

  @BeforeAll
  static void runOnce() {
    pair = QualityFixtures.samplePair();
    for (int k = 1; k <= 3; k++) {
      LAST[k] = transfer(pair, k, 0);
    }
    averaged = transfer(pair, 3, DECAY);
  }

  @Test
  void theWrittenPictureIsTheAverageOfTheIteratesAndTheLastIterateWithoutIt() {
    float[][] iterates = new float[4][];
    for (int k = 1; k <= 3; k++) {
      iterates[k] = ImageTensors.toChw(QualityFixtures.decode(LAST[k].image()));
    }
    try (NDManager scope = NDManager.newBaseManager();
        ScaleStage scale = QualityFixtures.stage(seeded.model(), pair, params(3, 0), PX, scope)) {
      iterates[0] = scale.contentPixels().toFloatArray(); // init content: x0 is the resized content
    }
    float[] written = ImageTensors.toChw(QualityFixtures.decode(averaged.image()));

    float[] expected = new float[written.length];
    double norm = 0;
    for (int k = 0; k <= 3; k++) {
      double weight = (1 - DECAY) * Math.pow(DECAY, 3 - k);
      norm += weight;
      for (int i = 0; i < expected.length; i++) {
        expected[i] += (float) (weight * iterates[k][i]);
      }
    }
    float worstToAverage = 0;
    float worstToLast = 0;
    for (int i = 0; i < expected.length; i++) {
      worstToAverage = Math.max(worstToAverage, Math.abs(written[i] - (float) (expected[i] / norm)));
      worstToLast = Math.max(worstToLast, Math.abs(written[i] - iterates[3][i]));
    }
    // The iterates were read back as 8-bit pictures: half a level each, half a level for the average's own.
    assertThat(worstToAverage).isLessThanOrEqualTo(LEVEL + 1e-6f);
    assertThat(worstToLast).isGreaterThan(4 * LEVEL); // control: it is not the last iterate
    // Averaging changes what is written, not the trajectory: the last iterate's losses are the same.
    assertThat(averaged.lastIterate()).isEqualTo(LAST[3].lastIterate());
  }

  @Test
  void theWrittenLossColumnsAreMeasuredOnTheAveragedPicture() {
    double measured;
    try (NDManager scope = NDManager.newBaseManager();
        ScaleStage scale = QualityFixtures.stage(seeded.model(), pair, params(3, DECAY), PX, scope)) {
      BufferedImage picture = QualityFixtures.decode(averaged.image());
      NDArray tensor = ImageTensors.toTensor(picture, scope);
      measured = scale.objective().measure(tensor).total();
    }
    assertThat(averaged.last().total()).isCloseTo(measured, within(1e-6 * measured));
    assertThat(averaged.last().total()).isNotEqualTo(LAST[3].last().total());
    assertThat(averaged.writtenLossRatio()).isNotEqualTo(LAST[3].writtenLossRatio());
  }

  private static PairResult transfer(PairInput pair, int iterations, double decay) {
    return new PairOptimizer(seeded.model(), ImageLimits.DEFAULT).optimize(pair, params(iterations, decay),
        ProgressListener.NONE);
  }

  private static StyleParams params(int iterations, double decay) {
    return StyleParams.builder().set(SIZE, PX).set(ITERATIONS, iterations).set(OPTIMIZER, Optimizer.ADAM)
        .set(AVERAGE_DECAY, decay).build();
  }
}
