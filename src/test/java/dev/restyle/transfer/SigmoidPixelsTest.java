package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.transfer.optim.LossAndGradient;
import dev.restyle.transfer.optim.Objective;
import org.junit.jupiter.api.Test;

/** pixels = sigmoid(u): the start round trip, the chain rule, and nothing left behind. */
class SigmoidPixelsTest {

  private static final float[] TARGET = {0.2f, 0.9f, 0.5f, 0.7f};

  /** f(x) = ½ Σ (x − t)², gradient x − t. */
  private static Objective quadratic(NDManager manager) {
    NDArray target = manager.create(TARGET, new Shape(1, 1, 2, 2));
    return (x, scope) -> {
      NDArray gradient = x.sub(target);
      gradient.attach(scope);
      double loss = 0;
      float[] values = gradient.toFloatArray();
      for (float value : values) {
        loss += 0.5 * value * value;
      }
      return new LossAndGradient(loss, gradient);
    };
  }

  @Test
  void aStartPictureComesBackWithinHalfAnEightBitLevel() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray start = manager.create(new float[] {0, 1, 0.5f, 0.25f}, new Shape(1, 1, 2, 2));
      int before = manager.getManagedArrays().size();
      try (NDArray latent = SigmoidPixels.latent(start); NDArray back = SigmoidPixels.pixels(latent)) {
        assertThat(back.toFloatArray()).containsExactly(new float[] {0, 1, 0.5f, 0.25f}, within(0.5f / 255 + 1e-6f));
        assertThat(back.toFloatArray()[0]).isGreaterThan(0); // inside (0,1), never on a bound
        assertThat(back.toFloatArray()[1]).isLessThan(1);
      }
      assertThat(manager.getManagedArrays()).hasSize(before);
    }
  }

  @Test
  void theGradientOfULeadsThroughTheSigmoidsSlope() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Objective pixels = quadratic(manager);
      Objective ofLatent = SigmoidPixels.of(pixels);
      float[] u = {-1, 0.5f, 2, 0};
      NDArray latent = manager.create(u, new Shape(1, 1, 2, 2));
      int before = manager.getManagedArrays().size();
      float[] analytic;
      try (NDManager scope = manager.newSubManager()) {
        analytic = ofLatent.evaluate(latent, scope).gradient().toFloatArray();
      }
      assertThat(manager.getManagedArrays()).hasSize(before);
      for (int i = 0; i < u.length; i++) {
        double x = 1 / (1 + Math.exp(-u[i]));
        // d/du ½(σ(u) − t)² = (σ(u) − t)·σ(u)·(1 − σ(u))
        assertThat((double) analytic[i]).as("component " + i)
            .isCloseTo((x - TARGET[i]) * x * (1 - x), within(1e-6));
      }
    }
  }
}
