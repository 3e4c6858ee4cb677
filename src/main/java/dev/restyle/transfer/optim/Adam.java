package dev.restyle.transfer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam with {@code torch.optim.Adam} semantics, plus an optional step decay of the learning rate
 * ({@code torch.optim.lr_scheduler.StepLR}), which Adam-based style transfer scripts commonly pair with it
 * to settle the last iterations.
 *
 * <p>With {@link Bounds#UNIT_BOX} it is projected Adam: x starts projected onto [0,1] and is projected again
 * after each step; the moments are those of the unprojected gradients, as in torch.
 */
public final class Adam implements PixelOptimizer {

  private static final double EPSILON = 1e-8;

  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final int decayEvery;
  private final double decayGamma;
  private final Bounds bounds;

  /** Unbounded, as torch.optim.Adam. */
  public Adam(double learningRate, double beta1, double beta2, int decayEvery, double decayGamma) {
    this(learningRate, beta1, beta2, decayEvery, decayGamma, Bounds.NONE);
  }

  /** @param decayEvery multiply the rate by {@code decayGamma} every this many steps; 0 for none */
  public Adam(double learningRate, double beta1, double beta2, int decayEvery, double decayGamma, Bounds bounds) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.decayEvery = decayEvery;
    this.decayGamma = decayGamma;
    this.bounds = bounds;
  }

  @Override
  public int minimize(NDArray x, Objective objective, int maxEvaluations, IterateListener iterates) {
    boolean boxed = bounds == Bounds.UNIT_BOX;
    if (boxed) {
      UnitBox.project(x);
    }
    try (NDManager state = x.getManager().newSubManager()) {
      NDArray firstMoment = state.zeros(x.getShape(), x.getDataType(), x.getDevice());
      NDArray secondMoment = state.zeros(x.getShape(), x.getDataType(), x.getDevice());
      for (int step = 1; step <= maxEvaluations; step++) {
        try (NDManager scratch = state.newSubManager()) {
          NDArray gradient = objective.evaluate(x, scratch).gradient();
          // m ← β1·m + (1-β1)·g ;  v ← β2·v + (1-β2)·g²
          firstMoment.muli(beta1).addi(scratch(gradient.mul(1 - beta1), scratch));
          secondMoment.muli(beta2).addi(scratch(gradient.square().muli(1 - beta2), scratch));
          double biasCorrection1 = 1 - Math.pow(beta1, step);
          double biasCorrection2 = 1 - Math.pow(beta2, step);
          NDArray denominator = scratch(secondMoment.sqrt(), scratch).divi(Math.sqrt(biasCorrection2)).addi(EPSILON);
          double stepSize = rateAt(step) / biasCorrection1;
          x.subi(scratch(firstMoment.div(denominator), scratch).muli(stepSize));
          if (boxed) {
            UnitBox.project(x);
          }
          iterates.accepted(x);
        }
      }
      return maxEvaluations;
    }
  }

  /** StepLR: the rate in force for the 1-based {@code step}. */
  double rateAt(int step) {
    if (decayEvery <= 0) {
      return learningRate;
    }
    return learningRate * Math.pow(decayGamma, (step - 1) / decayEvery);
  }

  private static NDArray scratch(NDArray array, NDManager scratch) {
    array.attach(scratch);
    return array;
  }
}
