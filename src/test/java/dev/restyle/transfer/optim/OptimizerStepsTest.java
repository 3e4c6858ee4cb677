package dev.restyle.transfer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.params.LineSearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Optimizer semantics on f(x) = ½ Σ a_i (x_i − c_i)², where every step can be worked out by hand. */
class OptimizerStepsTest {

  private static final float[] CURVATURE = {1, 2, 4, 8};
  private static final float[] MINIMUM = {1, -1, 0.5f, 2};

  /** The minimum of the same quadratic over [0,1]⁴: each coordinate clamped, as the curvature is diagonal. */
  private static final float[] BOX_MINIMUM = {1, 0, 0.5f, 1};

  private NDManager manager;
  private int evaluations;
  private boolean leftTheBox;

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
      float[] values = x.toFloatArray();
      for (float value : values) {
        leftTheBox |= value < 0 || value > 1;
      }
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
  void boxedLbfgsFindsTheMinimumInsideTheBoxWithoutEverLeavingIt() {
    for (LineSearch lineSearch : LineSearch.values()) {
      NDArray x = manager.full(new Shape(1, 1, 2, 2), 0.5f);
      leftTheBox = false;
      evaluations = 0;
      int done = new Lbfgs(1, 10, 1e-9, 1e-12, lineSearch, Bounds.UNIT_BOX).minimize(x, quadratic(), 50);
      assertThat(x.toFloatArray()).as(lineSearch.name()).containsExactly(BOX_MINIMUM, within(1e-4f));
      assertThat(leftTheBox).as(lineSearch + ": an evaluation outside [0,1]").isFalse();
      assertThat(done).isEqualTo(evaluations).isLessThan(50);
    }
    // The control: unbounded, the same start goes to the minimum outside the box.
    NDArray x = manager.full(new Shape(1, 1, 2, 2), 0.5f);
    leftTheBox = false;
    new Lbfgs(1, 10, 1e-9, 1e-12, LineSearch.NONE, Bounds.NONE).minimize(x, quadratic(), 50);
    assertThat(x.toFloatArray()).containsExactly(MINIMUM, within(1e-4f));
    assertThat(leftTheBox).isTrue();
  }

  @Test
  void boxedLbfgsStopsOnTheProjectedGradientAtABound() {
    // At the box minimum the gradient is (0, 1, 0, −8): not zero, but every nonzero component pushes out of
    // the box at its bound, so the projected gradient is zero and L-BFGS stops after its first evaluation.
    NDArray x = manager.create(BOX_MINIMUM, new Shape(1, 1, 2, 2));
    evaluations = 0;
    int done = new Lbfgs(1, 10, 1e-9, 1e-12, LineSearch.NONE, Bounds.UNIT_BOX).minimize(x, quadratic(), 50);
    assertThat(done).isEqualTo(1);
    assertThat(x.toFloatArray()).containsExactly(BOX_MINIMUM, within(0f));
  }

  @Test
  void boxedAdamIsProjectedAfterEveryStep() {
    NDArray x = manager.zeros(new Shape(1, 1, 2, 2));
    new Adam(0.1, 0.9, 0.999, 0, 1, Bounds.UNIT_BOX).minimize(x, quadratic(), 1);
    // The unbounded first step is (0.1, −0.1, 0.1, 0.1); the second coordinate is projected back to 0.
    assertThat(x.toFloatArray()).containsExactly(new float[] {0.1f, 0, 0.1f, 0.1f}, within(1e-6f));

    leftTheBox = false;
    new Adam(0.05, 0.9, 0.999, 0, 1, Bounds.UNIT_BOX).minimize(x, quadratic(), 400);
    assertThat(leftTheBox).isFalse();
    assertThat(x.toFloatArray()).containsExactly(BOX_MINIMUM, within(1e-2f));
  }

  @Test
  void aStartOutsideTheBoxIsProjectedFirst() {
    NDArray x = manager.create(new float[] {-3, 0.25f, 7, 1}, new Shape(1, 1, 2, 2));
    leftTheBox = false;
    new Adam(1e-9, 0.9, 0.999, 0, 1, Bounds.UNIT_BOX).minimize(x, quadratic(), 1);
    assertThat(leftTheBox).isFalse();
    assertThat(x.toFloatArray()).containsExactly(new float[] {0, 0.25f, 1, 1}, within(1e-6f));
  }

  @Test
  void optimizersLeaveNoArraysBehind() {
    NDArray x = manager.zeros(new Shape(1, 1, 2, 2));
    Objective objective = quadratic();
    int before = manager.getManagedArrays().size();
    new Lbfgs(1, 3, 1e-12, 1e-12).minimize(x, objective, 20);
    new Adam(0.1, 0.9, 0.999, 5, 0.5).minimize(x, objective, 20);
    for (LineSearch lineSearch : LineSearch.values()) {
      new Lbfgs(1, 3, 1e-12, 1e-12, lineSearch, Bounds.UNIT_BOX).minimize(x, objective, 20);
    }
    new Adam(0.1, 0.9, 0.999, 5, 0.5, Bounds.UNIT_BOX).minimize(x, objective, 20);
    assertThat(manager.getManagedArrays()).hasSize(before);
  }
}
