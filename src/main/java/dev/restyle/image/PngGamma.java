package dev.restyle.image;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * A PNG without an ICC profile that describes its colours with {@code gAMA} (the encoding exponent) and
 * perhaps {@code cHRM} (its primaries and white point), converted to sRGB as the PNG specification
 * describes: samples to linear light with the file's gamma, to CIE XYZ with its primaries (the white
 * adapted to sRGB's D65 with the Bradford transform), to linear sRGB, then sRGB's curve.
 */
final class PngGamma {

  /** XYZ (D65) to linear sRGB (IEC 61966-2-1). */
  private static final double[][] XYZ_TO_SRGB = {
      {3.2404542, -1.5371385, -0.4985314}, {-0.9692660, 1.8760108, 0.0415560}, {0.0556434, -0.2040259, 1.0572252}};
  private static final double[][] SRGB_PRIMARIES_XYZ = inverse(XYZ_TO_SRGB);
  private static final double[] D65 = {0.95047, 1.0, 1.08883};
  private static final double[][] BRADFORD = {
      {0.8951, 0.2664, -0.1614}, {-0.7502, 1.7135, 0.0367}, {0.0389, -0.0685, 1.0296}};
  /** A file gamma this close to sRGB's nominal 1/2.2 with sRGB's primaries is taken as sRGB itself. */
  private static final double SAME_GAMMA = 0.0005;

  private PngGamma() {}

  /** @return the converted picture, or empty when the chunks describe sRGB (or are absent or broken) */
  static Optional<BufferedImage> toSrgb(byte[] png, BufferedImage decoded) {
    Optional<byte[]> gama = PngStructure.chunk(png, "gAMA").filter(data -> data.length == 4);
    if (gama.isEmpty()) {
      return Optional.empty();
    }
    double fileGamma = uint32(gama.get(), 0) / 100_000.0;
    if (!(fileGamma > 0 && fileGamma < 10)) {
      return Optional.empty();
    }
    Optional<double[][]> toSrgb = PngStructure.chunk(png, "cHRM").filter(data -> data.length == 32)
        .map(PngGamma::primariesToLinearSrgb);
    if (toSrgb.isEmpty() && Math.abs(fileGamma - 1 / 2.2) < SAME_GAMMA) {
      return Optional.empty();
    }
    double[][] matrix = toSrgb.orElse(identity());
    double[] linear = new double[256];
    for (int v = 0; v < 256; v++) {
      linear[v] = Math.pow(v / 255.0, 1 / fileGamma);
    }
    BufferedImage rgb = ImageDecoder.toRgb(decoded);
    int width = rgb.getWidth();
    int height = rgb.getHeight();
    int[] pixels = rgb.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < pixels.length; i++) {
      double[] in = {linear[pixels[i] >> 16 & 0xFF], linear[pixels[i] >> 8 & 0xFF], linear[pixels[i] & 0xFF]};
      int out = 0;
      for (int c = 0; c < 3; c++) {
        double value = matrix[c][0] * in[0] + matrix[c][1] * in[1] + matrix[c][2] * in[2];
        out = out << 8 | srgbEncode(value);
      }
      pixels[i] = out;
    }
    BufferedImage converted = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    converted.setRGB(0, 0, width, height, pixels, 0, width);
    return Optional.of(converted);
  }

  /** cHRM: white x, y, then red, green, blue x, y, each × 100000. */
  private static double[][] primariesToLinearSrgb(byte[] chrm) {
    double[] xy = new double[8];
    for (int i = 0; i < 8; i++) {
      xy[i] = uint32(chrm, 4 * i) / 100_000.0;
    }
    double[][] primaries = new double[3][3]; // columns: the XYZ of red, green, blue at Y = 1
    for (int p = 0; p < 3; p++) {
      double[] xyz = xyzOf(xy[2 + 2 * p], xy[3 + 2 * p]);
      for (int r = 0; r < 3; r++) {
        primaries[r][p] = xyz[r];
      }
    }
    double[] white = xyzOf(xy[0], xy[1]);
    double[] scale = times(inverse(primaries), white);
    double[][] rgbToXyz = new double[3][3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        rgbToXyz[r][c] = primaries[r][c] * scale[c];
      }
    }
    return times(XYZ_TO_SRGB, times(bradford(white, D65), rgbToXyz));
  }

  /** The Bradford transform of XYZ colours seen under {@code from} to those seen under {@code to}. */
  private static double[][] bradford(double[] from, double[] to) {
    double[] coneFrom = times(BRADFORD, from);
    double[] coneTo = times(BRADFORD, to);
    double[][] scale = new double[3][3];
    for (int i = 0; i < 3; i++) {
      scale[i][i] = coneTo[i] / coneFrom[i];
    }
    return times(inverse(BRADFORD), times(scale, BRADFORD));
  }

  private static int srgbEncode(double linear) {
    double v = Math.min(1, Math.max(0, linear));
    double encoded = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    return (int) Math.round(encoded * 255);
  }

  private static double[] xyzOf(double x, double y) {
    return new double[] {x / y, 1, (1 - x - y) / y};
  }

  private static long uint32(byte[] bytes, int at) {
    return (bytes[at] & 0xFFL) << 24 | (bytes[at + 1] & 0xFFL) << 16 | (bytes[at + 2] & 0xFFL) << 8
        | (bytes[at + 3] & 0xFFL);
  }

  private static double[][] identity() {
    return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  }

  private static double[] times(double[][] m, double[] v) {
    double[] out = new double[3];
    for (int r = 0; r < 3; r++) {
      out[r] = m[r][0] * v[0] + m[r][1] * v[1] + m[r][2] * v[2];
    }
    return out;
  }

  private static double[][] times(double[][] a, double[][] b) {
    double[][] out = new double[3][3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        out[r][c] = a[r][0] * b[0][c] + a[r][1] * b[1][c] + a[r][2] * b[2][c];
      }
    }
    return out;
  }

  private static double[][] inverse(double[][] m) {
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    double[][] out = new double[3][3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        // the cofactor of (c, r), for the transposed adjugate
        double[][] minor = new double[2][2];
        for (int i = 0, mi = 0; i < 3; i++) {
          if (i == c) {
            continue;
          }
          for (int j = 0, mj = 0; j < 3; j++) {
            if (j != r) {
              minor[mi][mj++] = m[i][j];
            }
          }
          mi++;
        }
        double cofactor = minor[0][0] * minor[1][1] - minor[0][1] * minor[1][0];
        out[r][c] = ((r + c) % 2 == 0 ? 1 : -1) * cofactor / det;
      }
    }
    return out;
  }
}
