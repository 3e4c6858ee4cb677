package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.restyle.transfer.optim.LossAndGradient;
import dev.restyle.transfer.optim.Objective;

/**
 * The reparameterization pixels = sigmoid(u) ({@code pixel_range sigmoid}): the optimizer moves u, which is
 * unbounded, and every picture it evaluates is inside (0,1) by construction. The objective of u is the
 * objective of its picture, with the chain rule's factor x·(1 − x) on the gradient.
 */
final class SigmoidPixels {

  /**
   * Pixels are first clamped into [ε, 1 − ε] (half an 8-bit level), where the logit is finite: a start
   * image's 8-bit picture is unchanged by the round trip.
   */
  static final float EPSILON = 0.5f / 255f;

  private SigmoidPixels() {}

  /** u = logit(clamp(x, ε, 1 − ε)), a new array in x's manager. */
  static NDArray latent(NDArray pixels) {
    // The copy lives in a scope of its own, so the bounds DJL's clip leaves in the copy's manager go with it.
    try (NDManager scope = pixels.getManager().newSubManager()) {
      NDArray copy = pixels.duplicate();
      copy.attach(scope);
      NDArray inside = copy.clip(EPSILON, 1 - EPSILON);
      NDArray oneMinus = inside.neg().addi(1f);
      NDArray latent = inside.div(oneMinus).log();
      latent.attach(pixels.getManager());
      return latent;
    }
  }

  /** x = sigmoid(u), a new array in u's manager. */
  static NDArray pixels(NDArray latent) {
    return Activation.sigmoid(latent);
  }

  /** f(sigmoid(u)) and its gradient g·x·(1 − x); everything lives in the scope. */
  static Objective of(Objective pixelObjective) {
    return (latent, scope) -> {
      NDArray x = pixels(latent);
      x.attach(scope);
      LossAndGradient atPixels = pixelObjective.evaluate(x, scope);
      NDArray slope = x.mul(x.neg().addi(1f)); // dx/du = x·(1 − x)
      slope.attach(scope);
      NDArray gradient = atPixels.gradient().mul(slope);
      gradient.attach(scope);
      return new LossAndGradient(atPixels.loss(), gradient);
    };
  }
}
