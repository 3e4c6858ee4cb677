package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.restyle.model.GraphConstants;

/**
 * Smoothness prior on the pixels: {@code (Σ (x[i+1,j]-x[i,j])² + Σ (x[i,j+1]-x[i,j])²) / (3·H·W)}.
 */
public final class TotalVariationLoss {

  private static final NDIndex ROWS_FROM_1 = new NDIndex(":, :, 1:, :");
  private static final NDIndex ROWS_TO_LAST = new NDIndex(":, :, :-1, :");
  private static final NDIndex COLUMNS_FROM_1 = new NDIndex(":, :, :, 1:");
  private static final NDIndex COLUMNS_TO_LAST = new NDIndex(":, :, :, :-1");

  private TotalVariationLoss() {}

  /** @param image a 1×3×H×W pixel-space image */
  public static NDArray of(NDArray image) {
    long elements = image.getShape().get(1) * image.getShape().get(2) * image.getShape().get(3);
    try (NDArray vertical = squaredSum(image, ROWS_FROM_1, ROWS_TO_LAST);
        NDArray horizontal = squaredSum(image, COLUMNS_FROM_1, COLUMNS_TO_LAST);
        NDArray sum = vertical.add(horizontal)) {
      return GraphConstants.dividedBy(sum, elements);
    }
  }

  private static NDArray squaredSum(NDArray image, NDIndex next, NDIndex previous) {
    try (NDArray a = image.get(next);
        NDArray b = image.get(previous);
        NDArray difference = a.sub(b);
        NDArray squared = difference.square()) {
      return squared.sum();
    }
  }
}
