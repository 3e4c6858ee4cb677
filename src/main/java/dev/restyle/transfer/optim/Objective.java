package dev.restyle.transfer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** A differentiable function of an image-shaped array. */
@FunctionalInterface
public interface Objective {

  /** The loss (a scalar on the device) and its gradient at {@code x}, both created in {@code scope}. */
  LossAndGradient evaluate(NDArray x, NDManager scope);
}
