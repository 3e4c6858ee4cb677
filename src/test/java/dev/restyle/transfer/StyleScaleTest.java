package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.ITERATIONS;
import static dev.restyle.params.StyleParamTable.SIZE;
import static dev.restyle.params.StyleParamTable.STYLE_SCALE;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.image.ImageLimits;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** style_scale resizes the style relative to the output before its Gram targets are computed. */
class StyleScaleTest {

  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu5_1");

  /**
   * At 96 px the mosaic is resized to 48 px for style_scale 0.5 and to 96 px for 1.0: its tiles look twice
   * as large relative to the network's receptive fields at 1.0, so the Grams differ. Measured relative
   * Frobenius differences ‖G(0.5) − G(1)‖/‖G(1)‖ (seeded weights): relu1_1 0.208, relu2_1 0.087, relu3_1
   * 0.085, relu4_1 0.273, relu5_1 0.554. Computed twice at 1.0, they are bit-identical.
   */
  @Test
  void styleScaleChangesTheGramTargetsMeasurablyAndTheSameScaleGivesTheSameTargets() {
    try (NDManager pair = NDManager.newBaseManager(seeded.model().device());
        ScaleStage half = stage(0.5, pair);
        ScaleStage full = stage(1.0, pair);
        ScaleStage fullAgain = stage(1.0, pair)) {
      StringBuilder measured = new StringBuilder();
      for (String layer : StyleParams.defaults().losses().styleLayers()) {
        NDArray g1 = full.targets().gram(layer);
        assertThat(fullAgain.targets().gram(layer).toFloatArray()).isEqualTo(g1.toFloatArray());
        double relative = frobenius(half.targets().gram(layer), g1) / frobenius(g1, null);
        measured.append(String.format("%s %.3f  ", layer, relative));
        assertThat(relative).as(layer).isGreaterThan(0.05);
      }
      System.out.println("style_scale 0.5 vs 1.0, relative Gram difference: " + measured);
      double deepest = frobenius(half.targets().gram("relu5_1"), full.targets().gram("relu5_1"))
          / frobenius(full.targets().gram("relu5_1"), null);
      assertThat(deepest).isGreaterThan(0.4);
    }
  }

  @Test
  void styleScaleChangesTheStylizedImage() {
    PairOptimizer optimizer = new PairOptimizer(seeded.model(), ImageLimits.DEFAULT);
    PairResult half = optimizer.optimize(QualityFixtures.samplePair(), params(0.5), ProgressListener.NONE);
    PairResult full = optimizer.optimize(QualityFixtures.samplePair(), params(1.0), ProgressListener.NONE);
    PairResult fullAgain = optimizer.optimize(QualityFixtures.samplePair(), params(1.0), ProgressListener.NONE);
    assertThat(half.image()).isNotEqualTo(full.image());
    assertThat(fullAgain.image()).isEqualTo(full.image());
  }

  private static ScaleStage stage(double styleScale, NDManager pair) {
    return QualityFixtures.stage(seeded.model(), QualityFixtures.samplePair(), params(styleScale), 96, pair);
  }

  private static StyleParams params(double styleScale) {
    return StyleParams.builder().set(SIZE, 96).set(ITERATIONS, 5).set(STYLE_SCALE, styleScale).build();
  }

  /** ‖a − b‖ (or ‖a‖ when b is null). */
  private static double frobenius(NDArray a, NDArray b) {
    float[] x = a.toFloatArray();
    float[] y = b == null ? new float[x.length] : b.toFloatArray();
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += (double) (x[i] - y[i]) * (x[i] - y[i]);
    }
    return Math.sqrt(sum);
  }
}
