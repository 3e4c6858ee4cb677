package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;

/**
 * The loss terms of one evaluation, as scalars on the device. {@code content}, {@code style} and
 * {@code tv} are unweighted; {@code total} is the weighted sum that is optimized.
 */
public record LossTerms(NDArray content, NDArray style, NDArray tv, NDArray total) {

  /** Copies the four scalars to the host: the only per-iteration device-to-host transfer. */
  public LossValues values() {
    return new LossValues(scalar(content), scalar(style), scalar(tv), scalar(total));
  }

  private static double scalar(NDArray value) {
    return value.getFloat();
  }
}
