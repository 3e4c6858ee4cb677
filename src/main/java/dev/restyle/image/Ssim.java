package dev.restyle.image;

/**
 * The structural similarity index of Wang, Bovik, Sheikh and Simoncelli (2004), as their reference code
 * computes it: on luminance (BT.601 Y on the 0..255 scale, so L = 255), an 11 × 11 Gaussian window with
 * σ = 1.5 normalized to sum 1, C1 = (0.01·L)², C2 = (0.03·L)², population (not sample) moments, and the
 * mean of the SSIM map over the positions where the whole window fits ("valid"), with no downsampling.
 * That is also scikit-image's {@code structural_similarity(gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=255)}, which crops the same border. Identical images give
 * exactly 1.
 */
public final class Ssim {

  /** The window's side; images need at least this many pixels a side (outputs have at least 16). */
  public static final int WINDOW = 11;
  private static final double SIGMA = 1.5;
  private static final double L = 255;
  private static final double C1 = (0.01 * L) * (0.01 * L);
  private static final double C2 = (0.03 * L) * (0.03 * L);
  private static final double[] KERNEL = gaussian();

  private Ssim() {}

  /**
   * @param a RGB in [0,1], channel-major (C×H×W), as {@link ImageTensors#toChw} gives it
   * @param b the same size and layout
   */
  public static double ofLuminance(float[] a, float[] b, int width, int height) {
    int pixels = width * height;
    if (a.length != 3 * pixels || b.length != 3 * pixels) {
      throw new IllegalArgumentException("SSIM needs two RGB pictures of " + width + "×" + height + " pixels");
    }
    if (width < WINDOW || height < WINDOW) {
      throw new IllegalArgumentException("SSIM needs at least " + WINDOW + " pixels a side, got " + width + "×"
          + height);
    }
    double[] x = luminance(a, pixels);
    double[] y = luminance(b, pixels);
    double[] xx = new double[pixels];
    double[] yy = new double[pixels];
    double[] xy = new double[pixels];
    for (int i = 0; i < pixels; i++) {
      xx[i] = x[i] * x[i];
      yy[i] = y[i] * y[i];
      xy[i] = x[i] * y[i];
    }
    int outWidth = width - WINDOW + 1;
    int outHeight = height - WINDOW + 1;
    double[] muX = filterValid(x, width, height);
    double[] muY = filterValid(y, width, height);
    double[] meanXx = filterValid(xx, width, height);
    double[] meanYy = filterValid(yy, width, height);
    double[] meanXy = filterValid(xy, width, height);
    double sum = 0;
    for (int i = 0; i < outWidth * outHeight; i++) {
      double mx = muX[i];
      double my = muY[i];
      double varX = meanXx[i] - mx * mx;
      double varY = meanYy[i] - my * my;
      double covariance = meanXy[i] - mx * my;
      sum += ((2 * mx * my + C1) * (2 * covariance + C2)) / ((mx * mx + my * my + C1) * (varX + varY + C2));
    }
    return sum / (outWidth * outHeight);
  }

  private static double[] luminance(float[] rgb, int pixels) {
    double[] y = new double[pixels];
    for (int i = 0; i < pixels; i++) {
      y[i] = L * YCbCr.y(rgb[i], rgb[pixels + i], rgb[2 * pixels + i]);
    }
    return y;
  }

  /** The separable Gaussian window over every position where it fits: rows first, then columns. */
  private static double[] filterValid(double[] values, int width, int height) {
    int outWidth = width - WINDOW + 1;
    int outHeight = height - WINDOW + 1;
    double[] rows = new double[outWidth * height];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < outWidth; c++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += KERNEL[k] * values[r * width + c + k];
        }
        rows[r * outWidth + c] = s;
      }
    }
    double[] out = new double[outWidth * outHeight];
    for (int r = 0; r < outHeight; r++) {
      for (int c = 0; c < outWidth; c++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += KERNEL[k] * rows[(r + k) * outWidth + c];
        }
        out[r * outWidth + c] = s;
      }
    }
    return out;
  }

  /** The 1-D factor of the 11 × 11 window: exp(−d²/2σ²), normalized so the 2-D window sums to 1. */
  private static double[] gaussian() {
    double[] kernel = new double[WINDOW];
    double total = 0;
    for (int k = 0; k < WINDOW; k++) {
      double d = k - WINDOW / 2;
      kernel[k] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
      total += kernel[k];
    }
    for (int k = 0; k < WINDOW; k++) {
      kernel[k] /= total;
    }
    return kernel;
  }
}
