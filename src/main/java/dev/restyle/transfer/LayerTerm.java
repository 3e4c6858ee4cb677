package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.Autograd;
import java.util.function.UnaryOperator;

/**
 * One loss term differentiated at its own layer, for {@code normalize_gradients}: the unweighted loss of an
 * activation F and g = ∂loss/∂F, computed on a detached copy of F, so the backward pass that finds g stops at
 * the layer instead of running through the network.
 */
final class LayerTerm {

  /** jcjohnson/neural-style's guard against a zero gradient: g / (‖g‖₁ + 1e-8). */
  static final double EPSILON = 1e-8;

  private final NDArray activation;
  private final NDArray loss;
  private final NDArray gradient;

  private LayerTerm(NDArray activation, NDArray loss, NDArray gradient) {
    this.activation = activation;
    this.loss = loss;
    this.gradient = gradient;
  }

  /**
   * @param activation F, inside the graph from the image to the network's layer
   * @param lossOf the term's unweighted loss of an activation
   * @param scope owns the detached copy, the loss and g
   */
  static LayerTerm at(NDArray activation, UnaryOperator<NDArray> lossOf, NDManager scope) {
    NDArray detached = Autograd.leafOf(activation, scope);
    NDArray loss = lossOf.apply(detached);
    NDArray gradient = Autograd.gradient(loss, detached);
    NDArray value = loss.stopGradient();
    value.attach(scope);
    return new LayerTerm(activation, value, gradient);
  }

  /** The unweighted loss, without a graph. */
  NDArray loss() {
    return loss;
  }

  /**
   * {@code previous + sum(F ⊙ sg(ĝ))} with ĝ = weight · g / (‖g‖₁ + ε): a scalar whose gradient at F is ĝ, so
   * a backward pass from it sends ĝ, an L1 norm of {@code weight}, back through the network. The scale stays
   * on the device: no host round trip per layer.
   */
  NDArray pushBack(double weight, NDArray previous) {
    try (NDArray magnitudes = gradient.abs();
        NDArray norm = magnitudes.sum();
        NDArray guarded = norm.add(EPSILON);
        NDArray scale = guarded.pow(-1).muli(weight);
        NDArray normalized = gradient.mul(scale);
        NDArray products = activation.mul(normalized)) {
      NDArray term = products.sum();
      if (previous == null) {
        return term;
      }
      try (previous; term) {
        return previous.add(term);
      }
    }
  }
}
