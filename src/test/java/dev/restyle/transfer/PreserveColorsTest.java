package dev.restyle.transfer;

import static dev.restyle.transfer.QualityFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import dev.restyle.image.ImageTensors;
import dev.restyle.image.YCbCr;
import dev.restyle.params.PreserveColors;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * preserve_colors post and luminance, through PairOptimizer on the sample pictures (64 px, 20 L-BFGS
 * iterations, seeded weights). Chroma is compared in 8-bit levels on the decoded PNG, against the content
 * image resized exactly as the optimizer resizes it.
 */
class PreserveColorsTest {

  private static final int SIZE = 64;
  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu5_1");

  @Test
  void postKeepsTheContentsChromaWithinHalfALevelAndTheStylizedLuminance() {
    PairResult plain = run(PreserveColors.NONE);
    PairResult post = run(PreserveColors.POST);
    BufferedImage content = content();

    ChromaDifference kept = ChromaDifference.of(decode(post.image()), content);
    ChromaDifference changed = ChromaDifference.of(decode(plain.image()), content);
    System.out.printf("post: chroma max |dCb| %.3f |dCr| %.3f levels; without: mean |dCb| %.2f |dCr| %.2f; "
        + "mean |dY| post vs none %.3f levels%n", kept.maxCb, kept.maxCr, changed.meanCb, changed.meanCr,
        meanLuminanceDifference(decode(post.image()), decode(plain.image())));

    // Rounding R, G, B to 8 bits moves Cb and Cr by at most half a level (ColorTransferTest explains why).
    // Measured: 0. The content is 8-bit, and keeping its chroma shifts its R, G and B by the same δ = Y' − Y,
    // so they round to the same integer shift, and a gray shift leaves Cb and Cr exactly as they were.
    assertThat(kept.maxCb).isLessThanOrEqualTo(0.5 + 1e-4);
    assertThat(kept.maxCr).isLessThanOrEqualTo(0.5 + 1e-4);
    // Not vacuous: without preservation the style's colours move the chroma by many levels.
    assertThat(changed.meanCb + changed.meanCr).isGreaterThan(10);
    // The luminance is the stylized one: the same as without preservation, but where Y had to move into
    // the gamut of the content's chroma, and for rounding.
    assertThat(meanLuminanceDifference(decode(post.image()), decode(plain.image()))).isLessThan(2.0);
  }

  @Test
  void luminanceKeepsTheContentsChromaAndTransfersTheStyleToTheLuminance() {
    PairResult result = run(PreserveColors.LUMINANCE);
    BufferedImage output = decode(result.image());
    ChromaDifference kept = ChromaDifference.of(output, content());
    assertThat(kept.maxCb).isLessThanOrEqualTo(0.5 + 1e-4);
    assertThat(kept.maxCr).isLessThanOrEqualTo(0.5 + 1e-4);

    // The style loss of luminance images against the style's matched luminance, as the optimizer measures
    // it, recomputed here from the decoded output.
    StyleParams params = params(PreserveColors.LUMINANCE);
    try (NDManager pair = NDManager.newBaseManager(seeded.model().device());
        ScaleStage stage = QualityFixtures.stage(seeded.model(), QualityFixtures.samplePair(), params, SIZE, pair)) {
      double before = stage.objective().measure(stage.contentPixels()).style();
      NDArray luminance = ImageTensors.toTensor(LuminanceTransfer.grayscale(ImageTensors.toChw(output)),
          output.getWidth(), output.getHeight(), pair);
      double after = stage.objective().measure(luminance).style();
      System.out.printf("luminance: chroma max |dCb| %.3f |dCr| %.3f levels; style loss of Y: content %.4g, "
          + "output %.4g (ratio %.4f)%n", kept.maxCb, kept.maxCr, before, after, after / before);
      assertThat(result.initial().style()).isCloseTo(before, org.assertj.core.api.Assertions.withinPercentage(1e-3));
      // Measured: 0.154 of the content's (1.36e-8 vs 8.82e-8) after 20 iterations.
      assertThat(after).isLessThan(0.25 * before);
    }
  }

  private static PairResult run(PreserveColors preserveColors) {
    return new PairOptimizer(seeded.model(), ImageLimits.DEFAULT).optimize(QualityFixtures.samplePair(),
        params(preserveColors), ProgressListener.NONE);
  }

  private static StyleParams params(PreserveColors preserveColors) {
    return StyleParams.builder().set(StyleParamTable.SIZE, SIZE).set(StyleParamTable.ITERATIONS, 20)
        .set(StyleParamTable.PRESERVE_COLORS, preserveColors).build();
  }

  private static BufferedImage content() {
    return ImageResizer.forNetwork(decode(QualityFixtures.samplePair().content()), SIZE, "content");
  }

  private static double meanLuminanceDifference(BufferedImage a, BufferedImage b) {
    float[] x = ImageTensors.toChw(a);
    float[] y = ImageTensors.toChw(b);
    int plane = a.getWidth() * a.getHeight();
    double sum = 0;
    for (int i = 0; i < plane; i++) {
      sum += Math.abs(YCbCr.y(x[i], x[plane + i], x[2 * plane + i]) - YCbCr.y(y[i], y[plane + i], y[2 * plane + i]));
    }
    return sum / plane * 255;
  }

  /** Largest and mean |ΔCb|, |ΔCr| between two same-sized pictures, in 8-bit levels. */
  record ChromaDifference(double maxCb, double maxCr, double meanCb, double meanCr) {

    static ChromaDifference of(BufferedImage a, BufferedImage b) {
      assertThat(a.getWidth()).isEqualTo(b.getWidth());
      assertThat(a.getHeight()).isEqualTo(b.getHeight());
      float[] x = ImageTensors.toChw(a);
      float[] y = ImageTensors.toChw(b);
      int plane = a.getWidth() * a.getHeight();
      double maxCb = 0;
      double maxCr = 0;
      double sumCb = 0;
      double sumCr = 0;
      for (int i = 0; i < plane; i++) {
        double cb = Math.abs(YCbCr.cb(x[i], x[plane + i], x[2 * plane + i]) - YCbCr.cb(y[i], y[plane + i],
            y[2 * plane + i])) * 255;
        double cr = Math.abs(YCbCr.cr(x[i], x[plane + i], x[2 * plane + i]) - YCbCr.cr(y[i], y[plane + i],
            y[2 * plane + i])) * 255;
        maxCb = Math.max(maxCb, cb);
        maxCr = Math.max(maxCr, cr);
        sumCb += cb;
        sumCr += cr;
      }
      return new ChromaDifference(maxCb, maxCr, sumCb / plane, sumCr / plane);
    }
  }
}
