package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The bias-corrected exponential moving average of a scale's iterates, as crowsonkb/style-transfer-pytorch
 * writes it ({@code --avg-decay}, its {@code EMA} class, after Adam's moment estimates): started at x₀, then
 * {@code v ← D·v + (1−D)·x} for every accepted iterate, read as {@code v / (1 − D^(n+1))}, so
 * {@code average = Σₖ (1−D)·D^(n−k)·xₖ / (1 − D^(n+1))} over x₀ … xₙ. The weights sum to 1, so the average of
 * pictures inside [0,1] is inside too.
 *
 * <p>Why (crowsonkb's reason): at a fixed rate Adam's step never shrinks to 0, so its iterates jitter around
 * the optimum, and their average smooths that out of the written picture at no cost in evaluations. While
 * the loss is still falling the average lags behind instead (README, "Quality features").
 */
final class IterateAverage implements AutoCloseable {

  private final double decay;
  private final NDArray sum;
  private double decayPower = 1; // D^(k+1) after k + 1 updates

  /** @param start x₀, copied into its own manager */
  IterateAverage(NDArray start, double decay) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("decay must be inside (0, 1): " + decay);
    }
    this.decay = decay;
    this.sum = start.zerosLike();
    update(start);
  }

  /** Folds in one more iterate (in pixels). */
  void update(NDArray x) {
    try (NDArray weighted = x.mul(1 - decay)) {
      sum.muli(decay).addi(weighted);
    }
    decayPower *= decay;
  }

  /** The bias-corrected average, a new array in {@code manager}. */
  NDArray average(NDManager manager) {
    NDArray average = sum.div(1 - decayPower);
    average.attach(manager);
    return average;
  }

  @Override
  public void close() {
    sum.close();
  }
}
