package dev.restyle.image;

/**
 * BT.601 full-range YCbCr, the colour space of JPEG (JFIF), on values in [0,1]: Y is the luminance,
 * Cb and Cr the chroma, centred on 0.5. Chosen because it is what JPEG stores, so "the content's chroma"
 * means the same thing whether the output is written as PNG or JPEG.
 */
public final class YCbCr {

  public static final double KR = 0.299;
  public static final double KG = 0.587;
  public static final double KB = 0.114;

  private YCbCr() {}

  public static double y(double r, double g, double b) {
    return KR * r + KG * g + KB * b;
  }

  public static double cb(double r, double g, double b) {
    return 0.5 + (b - y(r, g, b)) / (2 * (1 - KB));
  }

  public static double cr(double r, double g, double b) {
    return 0.5 + (r - y(r, g, b)) / (2 * (1 - KR));
  }

  /** R − Y for this chroma: R = Y + offset, so for fixed chroma every channel moves one for one with Y. */
  public static double redOffset(double cb, double cr) {
    return 2 * (1 - KR) * (cr - 0.5);
  }

  public static double blueOffset(double cb, double cr) {
    return 2 * (1 - KB) * (cb - 0.5);
  }

  public static double greenOffset(double cb, double cr) {
    return -(KR * redOffset(cb, cr) + KB * blueOffset(cb, cr)) / KG;
  }
}
