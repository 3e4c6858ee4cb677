package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.GraphConstants;

/** The style representation of one layer: {@code G = F Fᵀ / (C·H·W)} with F reshaped to C×(H·W). */
public final class GramMatrix {

  private GramMatrix() {}

  /** @param features a 1×C×H×W activation; G is created in its manager */
  public static NDArray of(NDArray features) {
    try (NDArray flat = flatten(features);
        NDArray transposed = flat.transpose();
        NDArray products = flat.matMul(transposed)) {
      return normalized(products, flat);
    }
  }

  /**
   * G with the value of {@link #of} (to rounding), differentiated through the first factor only:
   * {@code F·sg(F)ᵀ/N}. For an upstream gradient dG its gradient is {@code dG·F/N}, one C×C by C×HW product,
   * where autograd's two-sided one is {@code (dG + dGᵀ)·F/N}, two products. For a symmetric dG, as every
   * loss of G against a symmetric target has, that is exactly half: {@link StyleLoss} doubles it once, on
   * its scalar total.
   *
   * <p>The 1/N goes where it is cheaper. On G it costs a pass over C×C in each direction; on the detached
   * factor, one forward pass over C×HW and nothing backward. So deep layers, where H·W ≤ 2·C, divide the factor
   * instead: at 64 px relu3_1 to relu5_1, which saves 1.2 M element passes per evaluation for 0.1 M.
   */
  static NDArray withOneSidedGradient(NDArray features) {
    try (NDArray flat = flatten(features);
        NDArray constant = flat.stopGradient()) {
      if (flat.getShape().get(1) <= 2 * flat.getShape().get(0)) { // H·W ≤ 2·C
        try (NDArray scaled = normalized(constant, flat);
            NDArray transposed = scaled.transpose()) {
          return flat.matMul(transposed);
        }
      }
      try (NDArray transposed = constant.transpose();
          NDArray products = flat.matMul(transposed)) {
        return normalized(products, flat);
      }
    }
  }

  /**
   * The guided Gram of Gatys et al. 2017, {@code F·diag(m)·Fᵀ / (C·Σm)}: the outer products of the positions'
   * features averaged with the mask's weights m instead of uniformly, so it estimates the same statistics as
   * {@link #of} does, over the mask's region only. For a 0/1 mask it is Gatys et al.'s
   * {@code (F∘m)(F∘m)ᵀ} over the region's size; at soft edges each position counts by m. Differentiated
   * through the weighted factor only, {@code (F∘m)·sg(F)ᵀ}, whose gradient for a symmetric upstream dG is
   * half the full one, as in {@link #withOneSidedGradient}.
   *
   * @param mask the layer's mask, whose weights are a 1×(H·W) row
   */
  static NDArray guidedWithOneSidedGradient(NDArray features, StyleMask.Layer mask) {
    Shape shape = features.getShape();
    if (shape.get(2) != mask.height() || shape.get(3) != mask.width()) {
      throw new IllegalStateException("a mask of " + mask.width() + "×" + mask.height() + " positions for features "
          + shape);
    }
    try (NDArray flat = flatten(features);
        NDArray weighted = flat.mul(mask.weights());
        NDArray constant = flat.stopGradient();
        NDArray transposed = constant.transpose();
        NDArray products = weighted.matMul(transposed)) {
      return GraphConstants.dividedBy(products, shape.get(1) * mask.mass());
    }
  }

  /** F as the C×(H·W) matrix. */
  private static NDArray flatten(NDArray features) {
    Shape shape = features.getShape();
    return features.reshape(shape.get(1), shape.get(2) * shape.get(3));
  }

  /** {@code array / N}, with N = C·H·W, the number of elements of the flattened F. */
  private static NDArray normalized(NDArray array, NDArray flat) {
    return GraphConstants.dividedBy(array, flat.size());
  }
}
