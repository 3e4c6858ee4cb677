package dev.restyle.transfer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.restyle.params.LineSearch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * L-BFGS with the strong-Wolfe line search, in float64, against hand-worked steps and against
 * {@code torch.optim.LBFGS(line_search_fn="strong_wolfe")} (torch 1.13). Our {@code maxEvaluations=N} is torch's
 * {@code max_iter=N, max_eval=N} (see {@link Lbfgs}).
 *
 * <p>Every objective here also records the loss at the <em>accepted</em> iterate each time it is called: the
 * optimizer moves x only when it accepts a step and evaluates line-search trials at temporary points, so
 * f(x) seen at each call is the sequence of accepted losses.
 */
class StrongWolfeLbfgsTest {

  private static final Shape QUADRATIC_SHAPE = new Shape(1, 1, 2, 2);
  private static final double[] CURVATURE = {1, 2, 4, 8};
  private static final double[] MINIMUM = {1, -1, 0.5, 2};
  private static final Shape ROSENBROCK_SHAPE = new Shape(1, 1, 1, 2);

  private NDManager manager;
  private int evaluations;
  private List<Double> trialLosses;
  private List<Double> acceptedLosses;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    evaluations = 0;
    trialLosses = new ArrayList<>();
    acceptedLosses = new ArrayList<>();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static Lbfgs wolfe(double learningRate, int historySize, double toleranceGrad, double toleranceChange) {
    return new Lbfgs(learningRate, historySize, toleranceGrad, toleranceChange, LineSearch.STRONG_WOLFE);
  }

  /** f(x) = ½ Σ a_i (x_i − c_i)², recording f at each call's point and at {@code accepted}. */
  private Objective quadratic(NDArray accepted) {
    NDArray a = manager.create(CURVATURE, QUADRATIC_SHAPE);
    NDArray c = manager.create(MINIMUM, QUADRATIC_SHAPE);
    return (x, scope) -> {
      evaluations++;
      acceptedLosses.add(quadraticLoss(accepted, a, c));
      NDArray difference = x.sub(c);
      difference.attach(scope);
      NDArray gradient = difference.mul(a);
      gradient.attach(scope);
      double loss = quadraticLoss(x, a, c);
      trialLosses.add(loss);
      return new LossAndGradient(loss, gradient);
    };
  }

  private static double quadraticLoss(NDArray x, NDArray a, NDArray c) {
    double[] values = x.toDoubleArray();
    double[] curvature = a.toDoubleArray();
    double[] minimum = c.toDoubleArray();
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += curvature[i] * (values[i] - minimum[i]) * (values[i] - minimum[i]);
    }
    return 0.5 * sum;
  }

  /** Rosenbrock's f(u, v) = (1 − u)² + 100 (v − u²)², minimum 0 at (1, 1), on a 1×1×1×2 image. */
  private Objective rosenbrock(NDArray accepted) {
    return (x, scope) -> {
      evaluations++;
      acceptedLosses.add(rosenbrockLoss(accepted.toDoubleArray()));
      double[] p = x.toDoubleArray();
      double u = p[0];
      double v = p[1];
      double gradientU = -2 * (1 - u) - 400 * u * (v - u * u);
      double gradientV = 200 * (v - u * u);
      double loss = rosenbrockLoss(p);
      trialLosses.add(loss);
      return new LossAndGradient(loss, scope.create(new double[] {gradientU, gradientV}, ROSENBROCK_SHAPE));
    };
  }

  private static double rosenbrockLoss(double[] p) {
    return (1 - p[0]) * (1 - p[0]) + 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]);
  }

  private static double[] doubles(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private NDArray zeros() {
    return manager.zeros(QUADRATIC_SHAPE, DataType.FLOAT64);
  }

  private NDArray rosenbrockStart() {
    return manager.create(new double[] {-1.2, 1.0}, ROSENBROCK_SHAPE);
  }

  @Test
  void onAQuadraticTheSearchFindsTheExactMinimumAlongTheLine() {
    // From 0, g = a·(0 − c) = (−1, 2, −2, −16), g·g = 265, gᵀAg = 2073, so φ(t) = f(−t·g) is the parabola
    // 18 − 265 t + 2073 t²/2. lr = 10 makes the first trial t = 10/‖g‖₁ = 10/21 overshoot (φ = 126.8 > 18):
    // Armijo fails, the bracket is [0, 10/21], and the cubic through its ends is φ itself, so the next trial
    // is φ's minimizer t* = 265/2073, where φ' = 0: the strong Wolfe conditions hold. 1 + 2 evaluations.
    NDArray x = zeros();
    int done = wolfe(10, 10, 1e-9, 1e-12).minimize(x, quadratic(x), 3);

    double best = 265.0 / 2073;
    assertThat(x.toDoubleArray()).containsExactly(new double[] {best, -2 * best, 2 * best, 16 * best}, within(1e-12));
    assertThat(done).isEqualTo(evaluations).isEqualTo(3);
    // torch: losses 18.0, 126.84353741496597, 1.0619874577906416 and the same x.
    assertThat(doubles(trialLosses)).containsExactly(new double[] {18.0, 126.84353741496597, 1.0619874577906416},
        within(1e-12));
  }

  @Test
  void theAcceptedLossNeverIncreasesAndTheRunConvergesToTheMinimumOfAQuadratic() {
    NDArray x = zeros();
    int done = wolfe(10, 10, 1e-9, 1e-12).minimize(x, quadratic(x), 50);

    assertThat(x.toDoubleArray()).containsExactly(MINIMUM, within(1e-9));
    assertThat(done).isEqualTo(evaluations).isEqualTo(9); // torch: 9 evaluations, x = c to 1 ulp
    assertThat(acceptedLosses).isSortedAccordingTo((earlier, later) -> Double.compare(later, earlier));
    assertThat(trialLosses).as("trials do overshoot; they are just not accepted").anySatisfy(
        loss -> assertThat(loss).isGreaterThan(trialLosses.get(0)));
  }

  @Test
  void withoutTheSearchTheSameStepOvershoots() {
    NDArray x = zeros();
    new Lbfgs(10, 10, 1e-9, 1e-12).minimize(x, quadratic(x), 3);
    // x moves to t = 10/21 before its second evaluation: the accepted loss rises from 18 to 126.8.
    assertThat(acceptedLosses.get(0)).isEqualTo(18.0);
    assertThat(acceptedLosses.get(1)).isCloseTo(126.84353741496597, within(1e-12));
  }

  @Test
  void aSearchCutShortByTheBudgetNeverAcceptsAWorsePoint() {
    // Budget 2: one trial (t = 10/21, loss 126.8) is all the search may spend; it keeps x = 0 (loss 18).
    NDArray x = zeros();
    assertThat(wolfe(10, 10, 1e-9, 1e-12).minimize(x, quadratic(x), 2)).isEqualTo(2);
    assertThat(x.toDoubleArray()).containsOnly(0.0);
    assertThat(doubles(trialLosses)).containsExactly(new double[] {18.0, 126.84353741496597}, within(1e-12));

    NDArray y = zeros();
    assertThat(wolfe(10, 10, 1e-9, 1e-12).minimize(y, quadratic(y), 1)).isEqualTo(1);
    assertThat(y.toDoubleArray()).containsOnly(0.0);
  }

  @Test
  void rosenbrockConvergesToOneOneInAsManyEvaluationsAsTorch() {
    // torch: LBFGS(lr=1, history_size=10, max_iter=200, max_eval=200, tolerance_grad=1e-9,
    // tolerance_change=1e-12, line_search_fn="strong_wolfe") from (−1.2, 1) stops after 44 evaluations
    // (36 iterations) at (0.9999993334076399, 0.9999986743824542), loss 4.5007091484765626e-13.
    NDArray x = rosenbrockStart();
    int done = wolfe(1, 10, 1e-9, 1e-12).minimize(x, rosenbrock(x), 200);

    assertThat(done).isEqualTo(evaluations).isEqualTo(44);
    assertThat(x.toDoubleArray()).containsExactly(new double[] {0.9999993334076399, 0.9999986743824542}, within(1e-9));
    assertThat(x.toDoubleArray()).containsExactly(new double[] {1, 1}, within(1e-4));
    assertThat(acceptedLosses).isSortedAccordingTo((earlier, later) -> Double.compare(later, earlier));
  }

  @Test
  void rosenbrockWithABudgetStopsWhereTorchDoes() {
    // torch with max_iter = max_eval = 30: exactly 30 evaluations (23 iterations), at
    // (0.715870979284319, 0.5239822043894712).
    NDArray x = rosenbrockStart();
    assertThat(wolfe(1, 10, 1e-9, 1e-12).minimize(x, rosenbrock(x), 30)).isEqualTo(30);
    assertThat(x.toDoubleArray()).containsExactly(new double[] {0.715870979284319, 0.5239822043894712}, within(1e-9));
  }

  @Test
  void rosenbrockNeverSpendsMoreThanTheBudget() {
    // torch with max_iter = max_eval = 15 spends 17: its last search only checks max_eval afterwards.
    NDArray x = rosenbrockStart();
    assertThat(wolfe(1, 10, 1e-9, 1e-12).minimize(x, rosenbrock(x), 15)).isEqualTo(15);
    assertThat(evaluations).isEqualTo(15);
    assertThat(acceptedLosses).isSortedAccordingTo((earlier, later) -> Double.compare(later, earlier));
    assertThat(rosenbrockLoss(x.toDoubleArray())).isLessThanOrEqualTo(acceptedLosses.get(acceptedLosses.size() - 1));
  }

  @Test
  void float32ImagesWorkToo() {
    NDArray x = manager.zeros(QUADRATIC_SHAPE, DataType.FLOAT32);
    NDArray a = manager.create(CURVATURE, QUADRATIC_SHAPE).toType(DataType.FLOAT32, false);
    NDArray c = manager.create(MINIMUM, QUADRATIC_SHAPE).toType(DataType.FLOAT32, false);
    Objective objective = (point, scope) -> {
      acceptedLosses.add(float32Loss(x));
      NDArray difference = point.sub(c);
      difference.attach(scope);
      NDArray gradient = difference.mul(a);
      gradient.attach(scope);
      return new LossAndGradient(float32Loss(point), gradient);
    };
    int done = wolfe(10, 10, 1e-5, 1e-9).minimize(x, objective, 50);

    assertThat(x.getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(x.toFloatArray()).containsExactly(new float[] {1, -1, 0.5f, 2}, within(1e-4f));
    assertThat(done).isLessThan(50);
    assertThat(acceptedLosses).isSortedAccordingTo((earlier, later) -> Double.compare(later, earlier));
  }

  private static double float32Loss(NDArray x) {
    float[] values = x.toFloatArray();
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += CURVATURE[i] * (values[i] - MINIMUM[i]) * (values[i] - MINIMUM[i]);
    }
    return 0.5 * sum;
  }

  @Test
  void theSearchLeavesNoArraysBehind() {
    NDArray x = zeros();
    Objective objective = quadratic(x);
    int before = manager.getManagedArrays().size();
    for (int budget : new int[] {1, 2, 3, 20}) {
      wolfe(10, 3, 1e-12, 1e-12).minimize(x, objective, budget);
    }
    NDArray y = rosenbrockStart();
    Objective banana = rosenbrock(y);
    int withY = manager.getManagedArrays().size();
    wolfe(1, 3, 1e-12, 1e-12).minimize(y, banana, 60);
    assertThat(manager.getManagedArrays()).hasSize(withY);
    assertThat(withY).isEqualTo(before + 1);
  }
}
