package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;

/** {@code mean((F - P)²)} between the output's and the content image's activations at one layer. */
public final class ContentLoss {

  private ContentLoss() {}

  /** The result belongs to {@code features}' manager, never to the long-lived target's. */
  public static NDArray of(NDArray features, NDArray target) {
    return MeanSquaredError.between(features, target);
  }
}
