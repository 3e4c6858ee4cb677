package dev.restyle.image;

/**
 * Recombines an image's luminance with another image's chroma (Gatys et al. 2016, "Preserving Color in
 * Neural Artistic Style Transfer"), on planar RGB in [0,1] ({@code chw}: all R, then all G, then all B).
 *
 * <p>Out-of-gamut pixels are brought back by moving their luminance, never their chroma: for a fixed
 * (Cb, Cr) each of R, G, B is Y plus a constant, so the Y values that keep all three in [0,1] form an
 * interval, and it is never empty because the chroma comes from a real pixel (whose own Y lies in it).
 * Clamping R, G, B instead would shift the hue of every saturated pixel the style brightened.
 */
public final class ColorTransfer {

  private ColorTransfer() {}

  /**
   * @param luminanceSource planar RGB whose Y is kept (any values; Y is clamped into the gamut interval)
   * @param chromaSource planar RGB in [0,1] of the same size whose Cb and Cr are kept
   * @return planar RGB in [0,1]
   */
  public static float[] keepChroma(float[] luminanceSource, float[] chromaSource) {
    if (luminanceSource.length != chromaSource.length || luminanceSource.length % 3 != 0) {
      throw new IllegalArgumentException("images differ in size: " + luminanceSource.length + " vs "
          + chromaSource.length + " values");
    }
    int plane = chromaSource.length / 3;
    float[] out = new float[chromaSource.length];
    for (int i = 0; i < plane; i++) {
      double y = YCbCr.y(luminanceSource[i], luminanceSource[plane + i], luminanceSource[2 * plane + i]);
      double r = chromaSource[i];
      double g = chromaSource[plane + i];
      double b = chromaSource[2 * plane + i];
      double cb = YCbCr.cb(r, g, b);
      double cr = YCbCr.cr(r, g, b);
      double red = YCbCr.redOffset(cb, cr);
      double green = YCbCr.greenOffset(cb, cr);
      double blue = YCbCr.blueOffset(cb, cr);
      double lowest = Math.max(0, -Math.min(red, Math.min(green, blue)));
      double highest = Math.min(1, 1 - Math.max(red, Math.max(green, blue)));
      double kept = Math.max(lowest, Math.min(highest, y));
      out[i] = unit(kept + red);
      out[plane + i] = unit(kept + green);
      out[2 * plane + i] = unit(kept + blue);
    }
    return out;
  }

  /** The Y plane of planar RGB. */
  public static float[] luminance(float[] chw) {
    int plane = chw.length / 3;
    float[] y = new float[plane];
    for (int i = 0; i < plane; i++) {
      y[i] = (float) YCbCr.y(chw[i], chw[plane + i], chw[2 * plane + i]);
    }
    return y;
  }

  // Only rounding noise (~1e-16) can leave [0,1] here; the interval above already guarantees the rest.
  private static float unit(double value) {
    return (float) Math.max(0, Math.min(1, value));
  }
}
