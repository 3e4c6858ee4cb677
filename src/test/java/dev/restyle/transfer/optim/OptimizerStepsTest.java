package dev.restyle.transfer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Optimizer semantics on f(x) = ½ Σ a_i (x_i − c_i)², where every step can be worked out by hand. */
class OptimizerStepsTest {

  private static final float[] CURVATURE = {1, 2, 4, 8};
  private static final float[] MINIMUM = {1, -1, 0.5f, 2};

  private NDManager manager;
  private int evaluations;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    evaluations = 0;
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Objective quadratic() {
    NDArray a = manager.create(CURVATURE, new Shape(1, 1, 2, 2));
    NDArray c = manager.create(MINIMUM, new Shape(1, 1, 2, 2));
    return (x, scope) -> {
      evaluations++;
      NDArray difference = x.sub(c);
      difference.attach(scope);
      NDArray gradient = difference.mul(a);
      gradient.attach(scope);
      double loss = 0.5 * difference.square().mul(a).sum().getFloat();
      return new LossAndGradient(loss, gradient);
    };
  }

  @Test
  void lbfgsFirstStepIsTheGradientScaledByOneOverItsL1Norm() {
    NDArray x = manager.zeros(new Shape(1, 1, 2, 2));
    new Lbfgs(1, 10, 1e-12, 1e-12).minimize(x, quadratic(), 1);
    // g = a·(0 − c) = (−1, 2, −2, −16), ‖g‖₁ = 21, so x₁ = −g/21.
    assertThat(x.toFloatArray()).containsExactly(new float[] {1 / 21f, -2 / 21f, 2 / 21f, 16 / 21f}, within(1e-6f));
    assertThat(evaluations).isEqualTo(1);
  }

  @Test
  void lbfgsConvergesToTheMinimumOfAQuadratic() {
    NDArray x = manager.zeros(new Shape(1, 1, 2, 2));
    int done = new Lbfgs(1, 10, 1e-9, 1e-12).minimize(x, quadratic(), 50);
    assertThat(x.toFloatArray()).containsExactly(MINIMUM, within(1e-4f));
    assertThat(done).isEqualTo(evaluations).isLessThan(50);
  }

  @Test
  void adamMovesEachPixelByTheLearningRateOnItsFirstStep() {
    NDArray x = manager.zeros(new Shape(1, 1, 2, 2));
    new Adam(0.1, 0.9, 0.999, 0, 1).minimize(x, quadratic(), 1);
    // m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) = −lr·sign(g).
    assertThat(x.toFloatArray()).containsExactly(new float[] {0.1f, -0.1f, 0.1f, 0.1f}, within(1e-6f));
  }

  @Test
  void adamStepDecayMultipliesTheRateEveryKSteps() {
    Adam adam = new Adam(1, 0.9, 0.999, 10, 0.5);
    assertThat(adam.rateAt(1)).isEqualTo(1.0);
    assertThat(adam.rateAt(10)).isEqualTo(1.0);
    assertThat(adam.rateAt(11)).isEqualTo(0.5);
    assertThat(adam.rateAt(25)).isEqualTo(0.25);
  }

  @Test
  void optimizersLeaveNoArraysBehind() {
    NDArray x = manager.zeros(new Shape(1, 1, 2, 2));
    Objective objective = quadratic();
    int before = manager.getManagedArrays().size();
    new Lbfgs(1, 3, 1e-12, 1e-12).minimize(x, objective, 20);
    new Adam(0.1, 0.9, 0.999, 5, 0.5).minimize(x, objective, 20);
    assertThat(manager.getManagedArrays()).hasSize(before);
  }
}
