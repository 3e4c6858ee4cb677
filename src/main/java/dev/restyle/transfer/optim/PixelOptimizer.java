package dev.restyle.transfer.optim;

import ai.djl.ndarray.NDArray;

/**
 * Minimizes an objective over the pixels of {@code x}, updating it in place on its device.
 * One iteration is one loss+gradient evaluation; the image never leaves the device.
 */
public interface PixelOptimizer {

  /** @return the number of evaluations done, at most {@code maxEvaluations} */
  default int minimize(NDArray x, Objective objective, int maxEvaluations) {
    return minimize(x, objective, maxEvaluations, IterateListener.NONE);
  }

  /** As {@link #minimize(NDArray, Objective, int)}, telling {@code iterates} of x after every step. */
  int minimize(NDArray x, Objective objective, int maxEvaluations, IterateListener iterates);
}
