package dev.restyle.transfer;

import dev.restyle.image.ColorTransfer;

/**
 * Luminance-only transfer (Gatys et al. 2016, "Preserving Color in Neural Artistic Style Transfer", §2.2):
 * content and style become luminance images (Y of YCbCr replicated to 3 channels, since VGG19 takes RGB),
 * the style's luminance is first matched to the content's mean and standard deviation,
 * {@code Y_s' = (σ_c/σ_s)(Y_s − μ_s) + μ_c}, so that the optimization transfers the style's texture, not
 * its overall brightness or contrast; the optimized luminance is then recombined with the content's chroma.
 * All on planar RGB ({@code chw}) float arrays.
 */
final class LuminanceTransfer {

  /** Below this standard deviation a style is flat: its matched luminance is the content's mean. */
  private static final double FLAT = 1e-6;

  /** Mean and (population) standard deviation of an image's Y. */
  record Stats(double mean, double std) {

    static Stats of(float[] chw) {
      float[] y = ColorTransfer.luminance(chw);
      double sum = 0;
      for (float v : y) {
        sum += v;
      }
      double mean = sum / y.length;
      double squares = 0;
      for (float v : y) {
        squares += (v - mean) * (v - mean);
      }
      return new Stats(mean, Math.sqrt(squares / y.length));
    }
  }

  private LuminanceTransfer() {}

  /** Y replicated to R, G and B. */
  static float[] grayscale(float[] chw) {
    return replicate(ColorTransfer.luminance(chw));
  }

  /** The style's Y, matched to the content's mean and standard deviation, replicated to 3 channels. */
  static float[] matchedStyle(float[] styleChw, Stats content) {
    Stats style = Stats.of(styleChw);
    float[] y = ColorTransfer.luminance(styleChw);
    double gain = style.std() < FLAT ? 0 : content.std() / style.std();
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) (gain * (y[i] - style.mean()) + content.mean());
    }
    return replicate(y);
  }

  /** The optimized image's luminance with the content's chroma: the picture the user gets. */
  static float[] recombine(float[] optimizedChw, float[] contentChw) {
    return ColorTransfer.keepChroma(optimizedChw, contentChw);
  }

  private static float[] replicate(float[] y) {
    float[] chw = new float[3 * y.length];
    System.arraycopy(y, 0, chw, 0, y.length);
    System.arraycopy(y, 0, chw, y.length, y.length);
    System.arraycopy(y, 0, chw, 2 * y.length, y.length);
    return chw;
  }
}
