package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loss conventions, checked against values worked out by hand. */
class LossesTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void gramIsNormalizedByChannelsTimesPositions() {
    // C=2, H=1, W=2: F = [[1, 2], [3, 4]]; F Fᵀ = [[5, 11], [11, 25]]; divided by C·H·W = 4.
    NDArray features = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 1, 2));
    assertThat(GramMatrix.of(features).toFloatArray()).containsExactly(1.25f, 2.75f, 2.75f, 6.25f);
  }

  @Test
  void contentLossIsTheMeanSquaredDifference() {
    NDArray features = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
    NDArray target = manager.create(new float[] {1, 0, 3, 8}, new Shape(1, 1, 2, 2));
    // (0 + 4 + 0 + 16) / 4
    assertThat(ContentLoss.of(features, target).getFloat()).isEqualTo(5f);
  }

  @Test
  void totalVariationSumsSquaredNeighbourDifferencesOverThreeHW() {
    // One 2×2 channel [[0, 1], [3, 5]], the other two constant: vertical (3² + 4²), horizontal (1² + 2²).
    float[] pixels = {0, 1, 3, 5, 7, 7, 7, 7, 2, 2, 2, 2};
    NDArray image = manager.create(pixels, new Shape(1, 3, 2, 2));
    assertThat(TotalVariationLoss.of(image).getFloat()).isCloseTo((25f + 5f) / 12f, within(1e-6f));
  }

  @Test
  void styleLossWeighsEachLayersMeanSquaredGramDifference() {
    NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 1, 2));
    a.setName("relu1_1");
    NDArray b = manager.create(new float[] {2, 0}, new Shape(1, 1, 1, 2));
    b.setName("relu2_1");
    NDList features = new NDList(a, b);
    Map<String, NDArray> targetGrams = Map.of(
        "relu1_1", manager.create(new float[] {1.25f, 2.75f, 2.75f, 4.25f}, new Shape(2, 2)),
        "relu2_1", manager.zeros(new Shape(1, 1)));
    StyleTargets targets = StyleTargets.fromGrams(targetGrams, manager);
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("relu1_1", 1.0);
    weights.put("relu2_1", 0.5);
    // relu1_1: only the last entry differs, by 2 → mean 4/4 = 1. relu2_1: gram = 4/2 = 2 → 4 · 0.5 = 2.
    assertThat(StyleLoss.of(features, targets, weights).getFloat()).isCloseTo(3f, within(1e-6f));
  }
}
