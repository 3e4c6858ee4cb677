package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several styles as one: per layer, the weighted sum of each style's Gram matrices (and channel means). Blending Grams (not
 * losses) keeps one target per layer, so the objective, its cost and the style cache stay as for one
 * style; it is the blend of Gatys et al.'s "style mixing" and of Johnson's neural-style.
 */
final class StyleBlend {

  private StyleBlend() {}

  /**
   * {@code Σ_i w_i·G_i} per layer, owned by a new sub-manager of {@code owner}; the inputs are only read
   * (they may belong to a shared cache).
   */
  static StyleTargets blend(List<StyleTargets> styles, double[] weights, NDManager owner) {
    return Autograd.withGradMode(false, () -> {
      Map<String, NDArray> grams = new LinkedHashMap<>();
      Map<String, NDArray> means = new LinkedHashMap<>();
      boolean withMeans = styles.stream().allMatch(StyleTargets::hasMeans);
      try (NDManager scratch = owner.newSubManager()) {
        for (String layer : styles.get(0).layers()) {
          grams.put(layer, weightedSum(styles.stream().map(s -> s.gram(layer)).toList(), weights, scratch));
          if (withMeans) { // means blend linearly too, as the Wasserstein loss's first moments
            means.put(layer, weightedSum(styles.stream().map(s -> s.mean(layer)).toList(), weights, scratch));
          }
        }
        return StyleTargets.fromMoments(grams, means, owner);
      }
    });
  }

  private static NDArray weightedSum(List<NDArray> arrays, double[] weights, NDManager scratch) {
    NDArray sum = null;
    for (int i = 0; i < arrays.size(); i++) {
      // The product is born in the input's manager (maybe the cache's): move it out at once.
      NDArray term = GraphConstants.times(arrays.get(i), weights[i]);
      term.attach(scratch);
      if (sum == null) {
        sum = term;
      } else {
        NDArray next = sum.add(term);
        sum.close();
        term.close();
        sum = next;
      }
    }
    return sum;
  }
}
