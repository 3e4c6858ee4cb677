package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;

/**
 * {@code mean((a - b)²)}, the form of both the content and the style loss.
 *
 * <p>Why not {@code square().mean()}: its backward pass makes four passes over the difference d (the mean's
 * expansion, and square's {@code g · 2 · d¹}, which copies d for {@code d¹}). Here the squares are the
 * product {@code d ⊙ sg(d)}, differentiated through its first factor only: one pass, {@code g · d}, and the
 * product rule's factor 2 is restored on the scalar ({@link Autograd#withDoubledGradient}). On the C×C
 * Gram differences that was most of a 64 px iteration's element-wise work (README, "Performance").
 */
final class MeanSquaredError {

  private MeanSquaredError() {}

  /** A scalar in a's manager; b may belong to a longer-lived manager (a target). */
  static NDArray between(NDArray a, NDArray b) {
    try (NDArray difference = a.sub(b);
        NDArray constant = difference.stopGradient();
        NDArray squares = difference.mul(constant);
        NDArray sum = squares.sum()) {
      return Autograd.withDoubledGradient(GraphConstants.dividedBy(sum, difference.size()));
    }
  }
}
