package dev.restyle.transfer;

import static dev.restyle.transfer.QualityFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.restyle.image.ColorTransferBasis;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import dev.restyle.image.ImageTensors;
import dev.restyle.image.LinearColorTransfer;
import dev.restyle.params.PreserveColors;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * preserve_colors histogram through PairOptimizer on a sample pair (48 px, 15 L-BFGS iterations, seeded
 * weights), with preserve_colors none as the control: the output's mean colour stays near the content's.
 */
class HistogramColorsTest {

  private static final int SIZE = 48;
  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu5_1");

  @Test
  void theOutputKeepsTheContentsMeanColourWhereNoneTakesTheStyles() {
    double[] content = meanColour(ImageTensors.toChw(
        ImageResizer.forNetwork(decode(QualityFixtures.samplePair().content()), SIZE, "content")));
    double none = distance(meanColour(output(PreserveColors.NONE, ColorTransferBasis.PCA)), content);
    double pca = distance(meanColour(output(PreserveColors.HISTOGRAM, ColorTransferBasis.PCA)), content);
    System.out.printf("distance of the output's mean colour from the content's, in 8-bit levels: none %.2f, "
        + "histogram pca %.2f%n", none * 255, pca * 255);
    // The control: the style's colours pull the mean colour away.
    assertThat(none * 255).isGreaterThan(8);
    assertThat(pca).isLessThan(0.35 * none);
  }

  @Test
  void theStyleTargetsAreThoseOfTheColourMatchedStyle() throws java.io.IOException {
    StyleParams params = params(PreserveColors.HISTOGRAM, ColorTransferBasis.CHOL);
    try (NDManager pair = NDManager.newBaseManager(seeded.model().device());
        ScaleStage stage = QualityFixtures.stage(seeded.model(), QualityFixtures.samplePair(), params, SIZE, pair);
        ScaleStage plain = QualityFixtures.stage(seeded.model(), QualityFixtures.samplePair(),
            params(PreserveColors.NONE, ColorTransferBasis.CHOL), SIZE, pair)) {
      // The style loss of the colour-matched style itself is 0 against histogram's targets, not against none's.
      BufferedImage style = ImageResizer.forNetwork(decode(QualityFixtures.samplePair().styles().get(0).bytes().read()),
          SIZE, "style");
      float[] matched = LinearColorTransfer.match(ImageTensors.toChw(style),
          LinearColorTransfer.Stats.of(stage.contentRgb()), ColorTransferBasis.CHOL);
      try (var tensor = ImageTensors.toTensor(matched, style.getWidth(), style.getHeight(), pair)) {
        assertThat(stage.objective().measure(tensor).style()).isLessThan(1e-12);
        assertThat(plain.objective().measure(tensor).style()).isGreaterThan(1e-9);
      }
    }
  }

  private static float[] output(PreserveColors mode, ColorTransferBasis basis) {
    PairResult result = new PairOptimizer(seeded.model(), ImageLimits.DEFAULT).optimize(QualityFixtures.samplePair(),
        params(mode, basis), ProgressListener.NONE);
    return ImageTensors.toChw(decode(result.image()));
  }

  private static StyleParams params(PreserveColors mode, ColorTransferBasis basis) {
    return StyleParams.builder().set(StyleParamTable.SIZE, SIZE).set(StyleParamTable.ITERATIONS, 15)
        .set(StyleParamTable.PRESERVE_COLORS, mode).set(StyleParamTable.COLOR_TRANSFER, basis).build();
  }

  private static double[] meanColour(float[] chw) {
    int plane = chw.length / 3;
    double[] mean = new double[3];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        mean[c] += chw[c * plane + i] / plane;
      }
    }
    return mean;
  }

  private static double distance(double[] a, double[] b) {
    return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
  }
}
