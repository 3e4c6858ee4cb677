package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import java.util.Map;

/** {@code Σ_l w_l · mean((G_l - A_l)²)} over the style layers. */
public final class StyleLoss {

  private StyleLoss() {}

  /**
   * @param features the output image's activations, by layer name
   * @param layerWeights w_l per style layer, in a fixed order
   * @return the loss, in the features' manager. Its gradient is autograd's full one, at half the cost
   *     of the Gram products' backward pass: see {@link GramMatrix#withOneSidedGradient}.
   */
  public static NDArray of(NDList features, StyleTargets targets, Map<String, Double> layerWeights) {
    NDArray total = null;
    for (Map.Entry<String, Double> layer : layerWeights.entrySet()) {
      NDArray term;
      try (NDArray gram = GramMatrix.withOneSidedGradient(features.get(layer.getKey()));
          NDArray error = MeanSquaredError.between(gram, targets.gram(layer.getKey()))) {
        term = GraphConstants.times(error, layer.getValue());
      }
      if (total == null) {
        total = term;
      } else {
        try (NDArray previous = total; NDArray added = term) {
          total = previous.add(added);
        }
      }
    }
    if (total == null) {
      throw new IllegalArgumentException("at least one style layer is needed");
    }
    return Autograd.withDoubledGradient(total); // the one-sided Grams gave half the gradient
  }

  /** One layer's unweighted {@code mean((G - A)²)}, with autograd's full gradient; in the features' manager. */
  public static NDArray ofLayer(NDArray features, NDArray targetGram) {
    try (NDArray gram = GramMatrix.withOneSidedGradient(features)) {
      return Autograd.withDoubledGradient(MeanSquaredError.between(gram, targetGram));
    }
  }
}
