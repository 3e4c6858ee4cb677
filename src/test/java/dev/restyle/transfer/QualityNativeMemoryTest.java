package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Vgg19;
import dev.restyle.params.LossWeights;
import dev.restyle.testing.SeededModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The new paths leave nothing behind: the tiled objective's per-tile arrays die with each iteration, and
 * blending reads a cache's targets without leaving products in the cache's manager.
 */
class QualityNativeMemoryTest {

  private static final List<String> LAYERS = List.of("relu1_1", "relu2_1", "relu3_1");

  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu3_1");

  @Test
  void tiledEvaluationsAndMeasurementsKeepLiveArraysFlat() {
    Vgg19 model = seeded.model();
    try (NDManager pair = NDManager.newBaseManager(model.device())) {
      NDArray content = pair.randomUniform(0, 1, new Shape(1, 3, 72, 96));
      NDArray style = pair.randomUniform(0, 1, new Shape(1, 3, 80, 80));
      Map<String, Double> weights = new LinkedHashMap<>();
      LAYERS.forEach(layer -> weights.put(layer, 1.0));
      TiledObjective objective = new TiledObjective(model, "relu3_1", content,
          StyleTargets.computeTiled(model, style, LAYERS, pair, 64), weights, new LossWeights(1, 1e6, 1e-3), 64,
          16, new SplittableRandom(1));
      NDArray image = content.duplicate();
      List<Integer> live = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        try (NDManager iteration = pair.newSubManager()) {
          ImageObjective.Result result = objective.evaluate(image, iteration);
          assertThat(result.losses().total()).isPositive();
          assertThat(result.gradient().getShape()).isEqualTo(image.getShape());
          image.subi(result.gradient().mul(1e-3));
        }
        assertThat(objective.measure(image).total()).isPositive();
        live.add(pair.getManagedArrays().size());
      }
      assertThat(live).allMatch(count -> count.equals(live.get(0)));
    }
  }

  @Test
  void blendingLeavesTheInputsManagersAsTheyWere() {
    Vgg19 model = seeded.model();
    try (NDManager cache = NDManager.newBaseManager(model.device());
        NDManager pair = NDManager.newBaseManager(model.device())) {
      StyleTargets first = StyleTargets.compute(model, pair.randomUniform(0, 1, new Shape(1, 3, 32, 32)), LAYERS,
          cache);
      StyleTargets second = StyleTargets.compute(model, pair.randomUniform(0, 1, new Shape(1, 3, 32, 32)), LAYERS,
          cache);
      int cacheArrays = cache.getManagedArrays().size(); // counts sub-managers too
      assertThat(cacheArrays).isEqualTo(2 * 2 * LAYERS.size()); // per style and layer, its Gram and its means
      int pairArrays = pair.getManagedArrays().size();
      for (int i = 0; i < 20; i++) {
        try (StyleTargets blended = StyleBlend.blend(List.of(first, second), new double[] {0.25, 0.75}, pair)) {
          assertThat(blended.sizeInBytes()).isEqualTo(first.sizeInBytes());
        }
        assertThat(cache.getManagedArrays().size()).isEqualTo(cacheArrays);
        assertThat(pair.getManagedArrays().size()).isEqualTo(pairArrays);
      }
    }
  }
}
