package dev.restyle.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorTransferTest {

  /** 8-bit units: chroma and luminance are compared as JPEG stores them, 0..255. */
  private static final double LEVELS = 255;

  @Test
  void ycbcrMatchesJpegsBt601FullRangeMatrix() {
    // JFIF: Cb = −0.168736 R − 0.331264 G + 0.5 B + 128, Cr = 0.5 R − 0.418688 G − 0.081312 B + 128
    double r = 0.8;
    double g = 0.3;
    double b = 0.1;
    assertThat(YCbCr.y(r, g, b)).isCloseTo(0.299 * r + 0.587 * g + 0.114 * b, within(1e-12));
    assertThat(YCbCr.cb(r, g, b)).isCloseTo(-0.168736 * r - 0.331264 * g + 0.5 * b + 0.5, within(1e-6));
    assertThat(YCbCr.cr(r, g, b)).isCloseTo(0.5 * r - 0.418688 * g - 0.081312 * b + 0.5, within(1e-6));
    // The offsets invert it: R = Y + 1.402 (Cr − ½), G = Y − 0.344136 (Cb − ½) − 0.714136 (Cr − ½), B = Y + 1.772 (Cb − ½)
    double cb = YCbCr.cb(r, g, b);
    double cr = YCbCr.cr(r, g, b);
    double y = YCbCr.y(r, g, b);
    assertThat(y + YCbCr.redOffset(cb, cr)).isCloseTo(r, within(1e-12));
    assertThat(y + YCbCr.greenOffset(cb, cr)).isCloseTo(g, within(1e-12));
    assertThat(y + YCbCr.blueOffset(cb, cr)).isCloseTo(b, within(1e-12));
    assertThat(YCbCr.greenOffset(cb, cr)).isCloseTo(-0.344136 * (cb - 0.5) - 0.714136 * (cr - 0.5), within(1e-6));
  }

  /**
   * After rounding to 8 bits, the chroma is the content's within 0.5 levels: each of R, G, B moves by at
   * most ½ level, and the Cb and Cr rows of the matrix have absolute sums of exactly 1 (0.168736 + 0.331264
   * + 0.5 and 0.5 + 0.418688 + 0.081312), so the chroma moves by at most ½ level; as integers, by at most 1.
   * That holds for every pixel, saturated ones included, because out-of-gamut pixels move along Y only.
   */
  @Test
  void keptChromaIsTheChromaSourcesWithinHalfALevelAfterRoundingEvenWhereYLeavesTheGamut() {
    SplittableRandom random = new SplittableRandom(7);
    int width = 64;
    int height = 48;
    float[] chroma = new float[3 * width * height];
    float[] luminance = new float[chroma.length];
    for (int i = 0; i < chroma.length; i++) {
      chroma[i] = random.nextInt(256) / 255f; // an 8-bit picture, like a decoded content image
      luminance[i] = (float) (random.nextDouble() * 1.6 - 0.3); // an unclamped optimizer result
    }
    BufferedImage content = ImageTensors.toImage(chroma, width, height);
    BufferedImage combined = ImageTensors.toImage(ColorTransfer.keepChroma(luminance, chroma), width, height);

    double worstCb = 0;
    double worstCr = 0;
    long outOfGamut = 0;
    float[] out = ImageTensors.toChw(combined);
    float[] in = ImageTensors.toChw(content);
    int plane = width * height;
    for (int i = 0; i < plane; i++) {
      worstCb = Math.max(worstCb, Math.abs(cb(out, i, plane) - cb(in, i, plane)) * LEVELS);
      worstCr = Math.max(worstCr, Math.abs(cr(out, i, plane) - cr(in, i, plane)) * LEVELS);
      double wantedY = YCbCr.y(luminance[i], luminance[plane + i], luminance[2 * plane + i]);
      double gotY = YCbCr.y(out[i], out[plane + i], out[2 * plane + i]);
      if (Math.abs(gotY - wantedY) * LEVELS > 0.5) {
        outOfGamut++;
      }
    }
    assertThat(worstCb).isLessThanOrEqualTo(0.5 + 1e-4);
    assertThat(worstCr).isLessThanOrEqualTo(0.5 + 1e-4);
    // The case is not vacuous: many wanted luminances were unreachable with that chroma and were moved.
    assertThat(outOfGamut).isGreaterThan(plane / 10);
  }

  @Test
  void inGamutLuminanceIsKeptAndOutOfGamutLuminanceMovesToTheNearestReachableValue() {
    float[] chroma = {0.5f, 0.2f, 0.4f, 0.5f, 0.3f, 0.6f}; // pixels (0.5, 0.4, 0.3) and (0.2, 0.5, 0.6)
    float[] luminance = {0.45f, 0.1f, 0.45f, 0.1f, 0.45f, 0.1f}; // gray pixels with Y 0.45 and 0.1
    float[] out = ColorTransfer.keepChroma(luminance, chroma);
    assertThat(YCbCr.y(out[0], out[2], out[4])).isCloseTo(0.45, within(1e-6));
    assertThat(YCbCr.cb(out[0], out[2], out[4])).isCloseTo(YCbCr.cb(0.5, 0.4, 0.3), within(1e-6));
    assertThat(YCbCr.cr(out[0], out[2], out[4])).isCloseTo(YCbCr.cr(0.5, 0.4, 0.3), within(1e-6));
    // (0.2, 0.5, 0.6) has R = Y − 0.2217: Y 0.1 would need R < 0, so Y becomes 0.2217 and R exactly 0.
    assertThat(out[1]).isEqualTo(0f);
    assertThat(YCbCr.y(out[1], out[3], out[5])).isCloseTo(YCbCr.y(0.2, 0.5, 0.6) - 0.2, within(1e-6));
    assertThat(YCbCr.cb(out[1], out[3], out[5])).isCloseTo(YCbCr.cb(0.2, 0.5, 0.6), within(1e-6));
    assertThat(YCbCr.cr(out[1], out[3], out[5])).isCloseTo(YCbCr.cr(0.2, 0.5, 0.6), within(1e-6));
  }

  private static double cb(float[] chw, int i, int plane) {
    return YCbCr.cb(chw[i], chw[plane + i], chw[2 * plane + i]);
  }

  private static double cr(float[] chw, int i, int plane) {
    return YCbCr.cr(chw[i], chw[plane + i], chw[2 * plane + i]);
  }
}
