package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import dev.restyle.model.GraphConstants;

/** The style representation of one layer: {@code G = F Fᵀ / (C·H·W)} with F reshaped to C×(H·W). */
public final class GramMatrix {

  private GramMatrix() {}

  /** @param features a 1×C×H×W activation */
  public static NDArray of(NDArray features) {
    long channels = features.getShape().get(1);
    long positions = features.getShape().get(2) * features.getShape().get(3);
    try (NDArray flat = features.reshape(channels, positions);
        NDArray transposed = flat.transpose();
        NDArray products = flat.matMul(transposed)) {
      return GraphConstants.dividedBy(products, channels * positions);
    }
  }
}
