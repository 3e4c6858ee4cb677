package dev.restyle.transfer.optim;

import static dev.restyle.testing.Tolerance.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.restyle.model.Pooling;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Loader;
import dev.restyle.model.weights.LegacyTorchFormat;
import dev.restyle.model.weights.StateDict;
import dev.restyle.params.LineSearch;
import dev.restyle.params.LossWeights;
import dev.restyle.testing.Fixtures;
import dev.restyle.testing.ParityFixture;
import dev.restyle.transfer.Evaluation;
import dev.restyle.transfer.StyleTargets;
import dev.restyle.transfer.StyleTransferObjective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our optimizers against PyTorch's reference loop (make_parity_fixtures.py): same seeded weights, same
 * 64 px images, init from content, content weight 1, style weight 1e6, no TV, max pooling, 30 iterations.
 */
class TrajectoryParityTest {

  private static final List<String> STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");
  private static final int ITERATIONS = 30;
  private static final int[] CHECKED = {1, 10, 30};
  /** Also the 7th evaluation: the line search's first rejected trial (total 2.30, up from 0.29). */
  private static final int[] CHECKED_WOLFE = {1, 7, 10, 30};

  @RegisterExtension
  static final ParityFixture reference = new ParityFixture();

  private static Vgg19 model;
  private static Vgg19 model64;

  @BeforeAll
  static void open() throws Exception {
    try (StateDict weights = new LegacyTorchFormat().open(Fixtures.require("vgg19-seeded-legacy.pth"))) {
      model = Vgg19Loader.load(weights, "fixture", "fixture", Vgg19Architecture.layer("relu5_1"), Pooling.MAX,
          Device.cpu());
      model64 = Vgg19Loader.load(weights, "fixture", "fixture", Vgg19Architecture.layer("relu5_1"), Pooling.MAX,
          Device.cpu(), DataType.FLOAT64);
    }
  }

  @AfterAll
  static void close() throws Exception {
    model.close();
    model64.close();
  }

  /**
   * In float64, as the reference: L-BFGS's early steps overshoot, and in float32 torch itself gives
   * different curves on 1 and 2 threads by iteration 10 (see make_parity_fixtures.py).
   */
  @Test
  void lbfgsTotalLossFollowsTorchOptimLbfgsWithin2Percent() {
    assertFollowsReference("lbfgs", new Lbfgs(1, 100, 1e-7, 1e-9), model64, DataType.FLOAT64, CHECKED);
  }

  /**
   * With torch's strong-Wolfe line search, also in float64. Every evaluation is a row, rejected line-search
   * trials included; our 30-evaluation budget is LBFGS(max_iter=30, max_eval=30), which torch spends
   * exactly (24 iterations), so both sides make the same 30 evaluations.
   */
  @Test
  void lbfgsWithStrongWolfeLineSearchFollowsTorchWithin2Percent() {
    assertFollowsReference("lbfgs_wolfe", new Lbfgs(1, 100, 1e-7, 1e-9, LineSearch.STRONG_WOLFE), model64,
        DataType.FLOAT64, CHECKED_WOLFE);
  }

  @Test
  void adamTotalLossFollowsTorchOptimAdamWithin2Percent() {
    assertFollowsReference("adam", new Adam(0.02, 0.9, 0.999, 0, 1), model, DataType.FLOAT32, CHECKED);
  }

  private void assertFollowsReference(String name, PixelOptimizer optimizer, Vgg19 vgg, DataType precision,
      int[] checked) {
    try (NDManager pair = reference.newScope()) {
      double[] expected = reference.array("trajectory/" + name, pair).toType(DataType.FLOAT64, false)
          .toDoubleArray(); // rows of (content, style, tv, total)
      StyleTransferObjective objective = objective(vgg, precision, pair);
      List<Double> totals = new ArrayList<>();
      NDArray image = reference.array("image/content", pair).toType(precision, false);
      int done = optimizer.minimize(image, (x, scope) -> {
        Evaluation evaluation = objective.evaluate(x, scope);
        double total = evaluation.terms().values().total();
        totals.add(total);
        return new LossAndGradient(total, evaluation.gradient());
      }, ITERATIONS);

      assertThat(done).isEqualTo(ITERATIONS);
      assertThat(totals).hasSize(expected.length / 4);
      for (int iteration : checked) {
        assertClose(name + " total loss at iteration " + iteration, totals.get(iteration - 1),
            expected[(iteration - 1) * 4 + 3], 0.02);
      }
    }
  }

  private static StyleTransferObjective objective(Vgg19 model, DataType precision, NDManager pair) {
    Map<String, Double> layerWeights = new LinkedHashMap<>();
    STYLE_LAYERS.forEach(layer -> layerWeights.put(layer, 1.0));
    NDArray content = reference.array("image/content", pair).toType(precision, false);
    NDArray style = reference.array("image/style", pair).toType(precision, false);
    return new StyleTransferObjective(model, "relu4_2",
        StyleTransferObjective.contentTarget(model, content, "relu4_2", pair),
        StyleTargets.compute(model, style, STYLE_LAYERS, pair), layerWeights, new LossWeights(1, 1e6, 0));
  }
}
