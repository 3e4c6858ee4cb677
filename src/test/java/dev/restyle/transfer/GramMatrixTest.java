package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import org.junit.jupiter.api.Test;

/** The one-sided Gram has the Gram's value, and half its gradient for a symmetric upstream gradient. */
class GramMatrixTest {

  private static final long CHANNELS = 6;
  private static final long POSITIONS = 5 * 7;

  @Test
  void oneSidedGramHasExactlyTheGramsValue() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray features = manager.randomUniform(-1f, 1f, new Shape(1, CHANNELS, 5, 7));
      float[] plain = GramMatrix.of(features).toFloatArray();
      NDArray leaf = Autograd.leafOf(features, manager);
      float[] oneSided = Autograd.withGradMode(true, () -> GramMatrix.withOneSidedGradient(leaf)).toFloatArray();
      assertThat(oneSided).containsExactly(plain);
    }
  }

  @Test
  void oneSidedGradientIsHalfTheProductRuleGradientForASymmetricUpstream() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray features = manager.randomUniform(-1f, 1f, new Shape(1, CHANNELS, 5, 7));
      NDArray upstream = manager.randomUniform(-1f, 1f, new Shape(CHANNELS, CHANNELS));
      NDArray symmetric = upstream.add(upstream.transpose()); // as every style loss's dL/dG is

      NDArray leaf = Autograd.leafOf(features, manager);
      NDArray loss = Autograd.withGradMode(true,
          () -> GramMatrix.withOneSidedGradient(leaf).mul(symmetric).sum());
      NDArray gradient = Autograd.gradient(loss, leaf);

      // the full gradient of Σ(S ⊙ F Fᵀ / N) is (S + Sᵀ) F / N = 2 S F / N; one-sided is S F / N
      NDArray flat = features.reshape(CHANNELS, POSITIONS);
      NDArray expected = symmetric.matMul(flat).div(CHANNELS * POSITIONS).reshape(1, CHANNELS, 5, 7);
      double error = gradient.sub(expected).abs().max().getFloat();
      assertThat(error).isLessThanOrEqualTo(1e-6 * expected.abs().max().getFloat());
    }
  }
}
