package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-sided Gram has the Gram's value, and half its gradient for a symmetric upstream gradient, both
 * where it normalizes G (shallow layers, H·W > 2·C) and where it normalizes the detached factor (deep ones).
 */
class GramMatrixTest {

  /** 6 channels over 5×7 positions normalize G; 8 channels over 2×3 normalize the factor. */
  private static Shape shapeOf(boolean deep) {
    return deep ? new Shape(1, 8, 2, 3) : new Shape(1, 6, 5, 7);
  }

  @ParameterizedTest(name = "deep layer: {0}")
  @ValueSource(booleans = {false, true})
  void oneSidedGramHasTheGramsValue(boolean deep) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray features = manager.randomUniform(-1f, 1f, shapeOf(deep));
      NDArray plain = GramMatrix.of(features);
      NDArray leaf = Autograd.leafOf(features, manager);
      NDArray oneSided = Autograd.withGradMode(true, () -> GramMatrix.withOneSidedGradient(leaf));
      if (deep) { // (F/N)·Fᵀ rounds differently from (F·Fᵀ)/N
        assertThat(oneSided.sub(plain).abs().max().getFloat())
            .isLessThanOrEqualTo(1e-6f * plain.abs().max().getFloat());
      } else {
        assertThat(oneSided.toFloatArray()).containsExactly(plain.toFloatArray());
      }
    }
  }

  @ParameterizedTest(name = "deep layer: {0}")
  @ValueSource(booleans = {false, true})
  void oneSidedGradientIsHalfTheProductRuleGradientForASymmetricUpstream(boolean deep) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Shape shape = shapeOf(deep);
      long channels = shape.get(1);
      long positions = shape.get(2) * shape.get(3);
      NDArray features = manager.randomUniform(-1f, 1f, shape);
      NDArray upstream = manager.randomUniform(-1f, 1f, new Shape(channels, channels));
      NDArray symmetric = upstream.add(upstream.transpose()); // as every style loss's dL/dG is

      NDArray leaf = Autograd.leafOf(features, manager);
      NDArray loss = Autograd.withGradMode(true,
          () -> GramMatrix.withOneSidedGradient(leaf).mul(symmetric).sum());
      NDArray gradient = Autograd.gradient(loss, leaf);

      // the full gradient of Σ(S ⊙ F Fᵀ / N) is (S + Sᵀ) F / N = 2 S F / N; one-sided is S F / N
      NDArray flat = features.reshape(channels, positions);
      NDArray expected = symmetric.matMul(flat).div(channels * positions).reshape(shape);
      double error = gradient.sub(expected).abs().max().getFloat();
      assertThat(error).isLessThanOrEqualTo(1e-6 * expected.abs().max().getFloat());
    }
  }
}
