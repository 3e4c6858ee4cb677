package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * The loss terms of one evaluation, as scalars on the device. {@code content}, {@code style} and
 * {@code tv} are unweighted; {@code total} is the weighted sum that is optimized.
 */
public record LossTerms(NDArray content, NDArray style, NDArray tv, NDArray total) {

  /** Copies the four scalars to the host in one transfer: the only per-iteration device-to-host copy. */
  public LossValues values() {
    try (NDArray stacked = NDArrays.stack(new NDList(content, style, tv, total));
        NDArray wide = stacked.toType(DataType.FLOAT64, false)) {
      double[] v = wide.toDoubleArray();
      return new LossValues(v[0], v[1], v[2], v[3]);
    }
  }
}
