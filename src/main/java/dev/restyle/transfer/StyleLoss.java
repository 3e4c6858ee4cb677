package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import dev.restyle.model.GraphConstants;
import ai.djl.ndarray.NDList;
import java.util.Map;

/** {@code Σ_l w_l · mean((G_l - A_l)²)} over the style layers. */
public final class StyleLoss {

  private StyleLoss() {}

  /**
   * @param features the output image's activations, by layer name
   * @param layerWeights w_l per style layer, in a fixed order
   */
  public static NDArray of(NDList features, StyleTargets targets, Map<String, Double> layerWeights) {
    NDArray total = null;
    for (Map.Entry<String, Double> layer : layerWeights.entrySet()) {
      NDArray term;
      try (NDArray gram = GramMatrix.of(features.get(layer.getKey()));
          NDArray difference = gram.sub(targets.gram(layer.getKey()));
          NDArray squared = difference.square();
          NDArray mean = squared.mean()) {
        term = GraphConstants.times(mean, layer.getValue());
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
    return total;
  }
}
