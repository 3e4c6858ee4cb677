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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JVM's garbage collector never frees native memory, so every array an iteration creates must die
 * with the iteration's scope. 200 forward+backward passes must leave the number of live arrays flat.
 */
class NativeMemoryTest {

  private static final List<String> STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");

  @RegisterExtension
  static final SeededModel seeded = new SeededModel(3, "relu5_1");

  @Test
  void twoHundredForwardBackwardPassesKeepLiveArraysBounded() {
    Vgg19 model = seeded.model();
    try (NDManager pair = NDManager.newBaseManager()) {
      NDArray content = pair.randomUniform(0, 1, new Shape(1, 3, 32, 32));
      NDArray style = pair.randomUniform(0, 1, new Shape(1, 3, 32, 32));
      Map<String, Double> weights = new LinkedHashMap<>();
      STYLE_LAYERS.forEach(layer -> weights.put(layer, 1.0));
      StyleTransferObjective objective = new StyleTransferObjective(model, "relu4_2",
          StyleTransferObjective.contentTarget(model, content, "relu4_2", pair),
          StyleTargets.compute(model, style, STYLE_LAYERS, pair), weights, new LossWeights(1, 1e6, 1e-3));
      NDArray image = content.duplicate();

      List<Integer> liveAfterIteration = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        try (NDManager iteration = pair.newSubManager()) {
          Evaluation evaluation = objective.evaluate(image, iteration);
          assertThat(evaluation.terms().values().total()).isPositive();
          image.subi(evaluation.gradient().mul(1e-4));
        }
        liveAfterIteration.add(pair.getManagedArrays().size());
      }
      assertThat(liveAfterIteration.get(199)).isEqualTo(liveAfterIteration.get(0));
      assertThat(liveAfterIteration).allMatch(count -> count.equals(liveAfterIteration.get(0)));
    }
  }
}
