package dev.restyle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;

/** Array comparisons relative to the reference's largest magnitude, as the parity contract states them. */
public final class Tolerance {

  private Tolerance() {}

  /** Asserts {@code max|actual - expected| <= relative · max|expected|}, with shapes equal. */
  public static void assertClose(String what, NDArray actual, NDArray expected, double relative) {
    assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.getShape());
    double scale = expected.abs().max().getFloat();
    double error = actual.sub(expected).abs().max().getFloat();
    assertThat(error)
        .as("%s: max abs error %.3g vs %.3g × max|expected| %.3g", what, error, relative, scale)
        .isLessThanOrEqualTo(relative * scale);
  }

  /** Asserts {@code |actual - expected| <= relative · |expected|} for a scalar. */
  public static void assertClose(String what, double actual, double expected, double relative) {
    assertThat(Math.abs(actual - expected))
        .as("%s: %.6g vs expected %.6g (relative tolerance %.1g)", what, actual, expected, relative)
        .isLessThanOrEqualTo(relative * Math.abs(expected));
  }
}
