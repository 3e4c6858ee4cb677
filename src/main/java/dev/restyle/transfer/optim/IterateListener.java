package dev.restyle.transfer.optim;

import ai.djl.ndarray.NDArray;

/**
 * Told of every iterate an optimizer accepts: x after each step (projected, where the optimizer projects),
 * never a line-search trial. What it is given is the optimizer's own array, valid only during the call.
 */
@FunctionalInterface
public interface IterateListener {

  IterateListener NONE = x -> {};

  void accepted(NDArray x);
}
