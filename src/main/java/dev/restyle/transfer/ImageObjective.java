package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The objective a pair's optimizer minimizes at one scale: over the whole image, or tile by tile.
 * Losses come back on the host (unweighted terms and the weighted total), the gradient on the device.
 */
interface ImageObjective {

  /** Losses and gradient at {@code image}; everything created lives in {@code scope}. */
  Result evaluate(NDArray image, NDManager scope);

  /** Losses only, without a graph; nothing created outlives the call. */
  LossValues measure(NDArray image);

  /**
   * @param sharedBy the pairs whose evaluations were computed in the same round as this one (1 alone): this
   *     evaluation's share of the wall time is its duration over that
   */
  record Result(LossValues losses, NDArray gradient, int sharedBy) {

    Result(LossValues losses, NDArray gradient) {
      this(losses, gradient, 1);
    }
  }

  /** Gatys et al.'s objective on the whole image at once. */
  static ImageObjective whole(StyleTransferObjective objective) {
    return new ImageObjective() {
      @Override
      public Result evaluate(NDArray image, NDManager scope) {
        Evaluation evaluation = objective.evaluate(image, scope);
        return new Result(evaluation.terms().values(), evaluation.gradient());
      }

      @Override
      public LossValues measure(NDArray image) {
        try (NDManager scope = image.getManager().newSubManager()) {
          NDArray view = image.duplicate();
          view.attach(scope);
          return objective.measure(view).values();
        }
      }
    };
  }
}
