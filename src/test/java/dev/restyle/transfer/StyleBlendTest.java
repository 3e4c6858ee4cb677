package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.ITERATIONS;
import static dev.restyle.params.StyleParamTable.LOG_EVERY;
import static dev.restyle.params.StyleParamTable.SIZE;
import static dev.restyle.params.StyleParamTable.STYLE_BLEND;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.restyle.image.ImageLimits;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several style images blended by style_blend, through PairOptimizer on the sample pictures. How the weights
 * are normalized is StyleParams's, tested in {@code dev.restyle.params.QualityParamsTest}.
 */
class StyleBlendTest {

  private static final byte[] CONTENT = QualityFixtures.sample("content/sunset_hills.png");
  private static final PairInput.Style MOSAIC = new PairInput.Style("mosaic.png", QualityFixtures.sample(
      "style/mosaic.png"));
  private static final PairInput.Style SWIRLS = new PairInput.Style("swirls.png", QualityFixtures.sample(
      "style/swirls.png"));
  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu5_1");

  /**
   * Blending with weights 1 and 0 is bit-identical to the single style, not just close: the blend computes
   * 1·G₁ + 0·G₂ in float32, where 1·x = x, 0·x = 0 and x + 0 = x are exact for every finite x, so the
   * targets, and with them the whole deterministic optimization, are the same bits. The second style is
   * still decoded, resized and its Grams computed; only its weight is 0.
   */
  @Test
  void blendWeightsOneAndZeroGiveExactlyTheSingleStyleResultInEitherOrder() {
    StyleParams single = params();
    PairResult mosaicAlone = optimize(List.of(MOSAIC), single);
    PairResult swirlsAlone = optimize(List.of(SWIRLS), single);

    PairResult onlyFirst = optimize(List.of(MOSAIC, SWIRLS), params(1.0, 0.0));
    PairResult onlySecond = optimize(List.of(MOSAIC, SWIRLS), params(0.0, 1.0));

    assertThat(onlyFirst.image()).isEqualTo(mosaicAlone.image());
    assertThat(onlyFirst.history()).isEqualTo(mosaicAlone.history());
    assertThat(onlyFirst.last()).isEqualTo(mosaicAlone.last());
    assertThat(onlySecond.image()).isEqualTo(swirlsAlone.image());
    assertThat(onlySecond.last()).isEqualTo(swirlsAlone.last());
    assertThat(mosaicAlone.image()).isNotEqualTo(swirlsAlone.image());
  }

  @Test
  void blendedTargetsAreTheWeightedSumOfEachStylesGramsAndChangeTheResult() {
    StyleParams blend = params(0.7, 0.3);
    PairInput both = new PairInput("content.png", CONTENT, List.of(MOSAIC, SWIRLS));
    try (NDManager pair = NDManager.newBaseManager(seeded.model().device());
        ScaleStage blended = QualityFixtures.stage(seeded.model(), both, blend, 48, pair);
        ScaleStage mosaic = QualityFixtures.stage(seeded.model(), new PairInput("c", CONTENT, List.of(MOSAIC)),
            params(), 48, pair);
        ScaleStage swirls = QualityFixtures.stage(seeded.model(), new PairInput("c", CONTENT, List.of(SWIRLS)),
            params(), 48, pair)) {
      for (String layer : blend.losses().styleLayers()) {
        float[] g = blended.targets().gram(layer).toFloatArray();
        float[] a = mosaic.targets().gram(layer).toFloatArray();
        float[] b = swirls.targets().gram(layer).toFloatArray();
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < g.length; i++) {
          worst = Math.max(worst, Math.abs(g[i] - (0.7 * a[i] + 0.3 * b[i])));
          scale = Math.max(scale, Math.abs(g[i]));
        }
        assertThat(worst).as(layer).isLessThanOrEqualTo(1e-6 * scale); // float32 rounding of two products and a sum
      }
    }
    PairResult mixed = optimize(List.of(MOSAIC, SWIRLS), blend);
    assertThat(mixed.image()).isNotEqualTo(optimize(List.of(MOSAIC), params()).image())
        .isNotEqualTo(optimize(List.of(SWIRLS), params()).image());
  }

  private static PairResult optimize(List<PairInput.Style> styles, StyleParams params) {
    return new PairOptimizer(seeded.model(), ImageLimits.DEFAULT)
        .optimize(new PairInput("content.png", CONTENT, styles), params, ProgressListener.NONE);
  }

  private static StyleParams params(Double... styleBlend) {
    StyleParams.Builder params = StyleParams.builder().set(SIZE, 48).set(ITERATIONS, 8).set(LOG_EVERY, 1);
    return (styleBlend.length == 0 ? params : params.set(STYLE_BLEND, List.of(styleBlend))).build();
  }
}
