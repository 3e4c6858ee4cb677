package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import dev.restyle.model.Vgg19;
import dev.restyle.params.LossWeights;
import dev.restyle.testing.SeededModel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DJL's PyTorch engine wraps Java direct buffers without copying ({@code from_blob}) and lets them be
 * garbage-collected when the array is closed; autograd may still hold such a tensor (a loss weight, the
 * normalization's std) for the backward pass. A GC between forward and backward must not change the
 * gradient: every constant in the graph must own its memory.
 */
class GraphConstantLifetimeTest {

  private static final List<String> STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");

  @RegisterExtension
  static final SeededModel seeded = new SeededModel(1, "relu5_1");

  @Test
  void gradientIsUnchangedWhenTheJavaHeapIsCollectedBetweenForwardAndBackward() {
    Vgg19 model = seeded.model();
    try (NDManager pair = NDManager.newBaseManager()) {
      NDArray content = pair.randomUniform(0, 1, new Shape(1, 3, 32, 32));
      NDArray style = pair.randomUniform(0, 1, new Shape(1, 3, 32, 32));
      Map<String, Double> weights = new LinkedHashMap<>();
      STYLE_LAYERS.forEach(layer -> weights.put(layer, 0.7));
      StyleTransferObjective objective = new StyleTransferObjective(model, "relu4_2",
          StyleTransferObjective.contentTarget(model, content, "relu4_2", pair),
          StyleTargets.compute(model, style, STYLE_LAYERS, pair), weights, new LossWeights(1.5, 1e6, 0.3));
      NDArray image = pair.randomUniform(0, 1, new Shape(1, 3, 32, 32));

      float[] undisturbed = objective.evaluate(image, pair).gradient().toFloatArray();

      NDArray leaf = Autograd.leafOf(image, pair);
      LossTerms terms = Autograd.withGradMode(true, () -> objective.terms(leaf));
      churnTheHeapWithNaNs();
      float[] afterGc = Autograd.gradient(terms.total(), leaf).toFloatArray();

      assertThat(afterGc).containsExactly(undisturbed);
    }
  }

  /** Collects unreachable direct buffers, then reuses their memory for buffers full of NaN bytes. */
  private static void churnTheHeapWithNaNs() {
    List<ByteBuffer> keep = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      System.gc();
      System.runFinalization();
      for (int i = 0; i < 2000; i++) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4 * (1 + i % 16));
        while (buffer.hasRemaining()) {
          buffer.put((byte) 0xFF);
        }
        keep.add(buffer);
      }
    }
    assertThat(keep).hasSize(10_000);
  }
}
