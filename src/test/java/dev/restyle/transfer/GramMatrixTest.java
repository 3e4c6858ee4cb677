package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import org.junit.jupiter.api.Test;

/** The Gram matrix is the same with and without a graph, and its gradient is autograd's two-sided one. */
class GramMatrixTest {

  @Test
  void valueIsIdenticalWithAndWithoutGradMode() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray features = manager.randomUniform(-1f, 1f, new Shape(1, 6, 5, 7));
      float[] withoutGraph = Autograd.withGradMode(false, () -> GramMatrix.of(features)).toFloatArray();
      NDArray leaf = Autograd.leafOf(features, manager);
      float[] withGraph = Autograd.withGradMode(true, () -> GramMatrix.of(leaf)).toFloatArray();
      assertThat(withGraph).containsExactly(withoutGraph);
    }
  }

  @Test
  void gradientForASymmetricUpstreamIsTheFullProductRuleGradient() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      long channels = 6;
      long positions = 5 * 7;
      NDArray features = manager.randomUniform(-1f, 1f, new Shape(1, channels, 5, 7));
      NDArray upstream = manager.randomUniform(-1f, 1f, new Shape(channels, channels));
      NDArray symmetric = upstream.add(upstream.transpose()); // as every style loss's dL/dG is

      NDArray leaf = Autograd.leafOf(features, manager);
      NDArray loss = Autograd.withGradMode(true, () -> GramMatrix.of(leaf).mul(symmetric).sum());
      NDArray gradient = Autograd.gradient(loss, leaf);

      // d Σ(S ⊙ F Fᵀ / N) / dF = (S + Sᵀ) F / N
      NDArray flat = features.reshape(channels, positions);
      NDArray expected = symmetric.add(symmetric.transpose()).matMul(flat).div(channels * positions)
          .reshape(1, channels, 5, 7);
      double error = gradient.sub(expected).abs().max().getFloat();
      assertThat(error).isLessThanOrEqualTo(1e-6 * expected.abs().max().getFloat());
    }
  }
}
