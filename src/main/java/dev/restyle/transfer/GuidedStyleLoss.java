package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spatial control: {@code Σ_i Σ_l w_l · mean((G_l(F; m_il) − A_il)²)}, style i compared with the output's
 * guided Gram over the region of its mask m_i ({@link GramMatrix#guidedWithOneSidedGradient}). The targets
 * A_i are each style's own whole-image Grams, as without masks, so they are cached as before. Each style's
 * term has weight 1: a Gram is an average over its region, so every region is held to its style as firmly
 * as a single style holds the whole image, whatever the region's size.
 */
final class GuidedStyleLoss implements StyleTerm {

  private final List<StyleTargets> targets;
  private final List<StyleMask> masks;
  private final Map<String, Double> layerWeights;

  /** @param masks one per style, in the order of the targets */
  GuidedStyleLoss(List<StyleTargets> targets, List<StyleMask> masks, Map<String, Double> layerWeights) {
    if (targets.size() != masks.size()) {
      throw new IllegalArgumentException(targets.size() + " styles but " + masks.size() + " masks");
    }
    this.targets = List.copyOf(targets);
    this.masks = List.copyOf(masks);
    this.layerWeights = new LinkedHashMap<>(layerWeights); // in layer order, so sums are reproducible
  }

  /**
   * One part per style and layer. Each part's gradient is the one-sided Gram's, half the true one; the
   * normalization that needs the parts divides by the gradient's norm, so the half cancels.
   */
  @Override
  public List<LayerPart> parts() {
    List<LayerPart> parts = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      StyleTargets style = targets.get(i);
      StyleMask mask = masks.get(i);
      layerWeights.forEach((layer, weight) -> parts.add(new LayerPart(layer, weight, f -> {
        try (NDArray gram = GramMatrix.guidedWithOneSidedGradient(f, mask.layer(layer))) {
          return MeanSquaredError.between(gram, style.gram(layer));
        }
      })));
    }
    return parts;
  }

  @Override
  public NDArray of(NDList features) {
    NDArray total = null;
    for (int i = 0; i < targets.size(); i++) {
      for (Map.Entry<String, Double> layer : layerWeights.entrySet()) {
        NDArray term;
        try (NDArray gram = GramMatrix.guidedWithOneSidedGradient(features.get(layer.getKey()),
                masks.get(i).layer(layer.getKey()));
            NDArray error = MeanSquaredError.between(gram, targets.get(i).gram(layer.getKey()))) {
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
    }
    if (total == null) {
      throw new IllegalArgumentException("at least one style layer is needed");
    }
    return Autograd.withDoubledGradient(total); // the one-sided Grams gave half the gradient
  }
}
