package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The style loss and the mean squared error have autograd's full gradient, although the Gram products are
 * differentiated one-sidedly and the squares through a norm.
 */
class StyleLossGradientTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager(Device.cpu());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void styleLossGradientIsTheAnalyticOneOverEveryLayer() {
    NDArray shallow = manager.randomUniform(0f, 1f, new Shape(1, 4, 6, 5));
    NDArray deep = manager.randomUniform(0f, 1f, new Shape(1, 8, 3, 2));
    Map<String, NDArray> targetGrams = Map.of(
        "relu1_1", GramMatrix.of(manager.randomUniform(0f, 1f, new Shape(1, 4, 7, 7))),
        "relu2_1", GramMatrix.of(manager.randomUniform(0f, 1f, new Shape(1, 8, 4, 4))));
    StyleTargets targets = StyleTargets.fromGrams(targetGrams, manager);
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("relu1_1", 0.75);
    weights.put("relu2_1", 2.0);

    NDArray shallowLeaf = Autograd.leafOf(shallow, manager);
    NDArray deepLeaf = Autograd.leafOf(deep, manager);
    shallowLeaf.setName("relu1_1");
    deepLeaf.setName("relu2_1");
    NDArray loss = Autograd.withGradMode(true, () -> StyleLoss.of(new NDList(shallowLeaf, deepLeaf), targets, weights));
    NDArray shallowGradient = Autograd.gradient(loss, shallowLeaf); // both leaves' gradients are filled
    NDArray deepGradient = deepLeaf.getGradient();

    assertClose(shallowGradient, analyticGradient(shallow, targetGrams.get("relu1_1"), 0.75));
    assertClose(deepGradient, analyticGradient(deep, targetGrams.get("relu2_1"), 2.0));
    float expectedValue = 0.75f * meanSquared(GramMatrix.of(shallow), targetGrams.get("relu1_1"))
        + 2.0f * meanSquared(GramMatrix.of(deep), targetGrams.get("relu2_1"));
    assertThat(loss.getFloat()).isCloseTo(expectedValue, org.assertj.core.api.Assertions.within(1e-6f * expectedValue));
  }

  @Test
  void meanSquaredErrorMatchesTheMeanOfSquaresAndItsGradient() {
    NDArray a = manager.randomUniform(-1f, 1f, new Shape(3, 5, 4));
    NDArray b = manager.randomUniform(-1f, 1f, new Shape(3, 5, 4));
    NDArray leaf = Autograd.leafOf(a, manager);
    NDArray loss = Autograd.withGradMode(true, () -> MeanSquaredError.between(leaf, b));
    NDArray gradient = Autograd.gradient(loss, leaf);

    float expected = meanSquared(a, b);
    assertThat(loss.getFloat()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6f * expected));
    assertClose(gradient, a.sub(b).mul(2.0 / a.size())); // d mean((a-b)²)/da = 2(a-b)/n
  }

  @Test
  void meanSquaredErrorOfEqualArraysIsZeroWithAZeroGradientNotNaN() {
    NDArray a = manager.randomUniform(-1f, 1f, new Shape(2, 3));
    NDArray leaf = Autograd.leafOf(a, manager);
    NDArray loss = Autograd.withGradMode(true, () -> MeanSquaredError.between(leaf, a));
    NDArray gradient = Autograd.gradient(loss, leaf);

    assertThat(loss.getFloat()).isZero();
    assertThat(gradient.toFloatArray()).containsOnly(0f);
  }

  /** d (w · mean((G − A)²)) / dF for G = F Fᵀ / N: with D = 2w(G − A)/C², it is (D + Dᵀ) F / N. */
  private static NDArray analyticGradient(NDArray features, NDArray target, double weight) {
    Shape shape = features.getShape();
    long channels = shape.get(1);
    long positions = shape.get(2) * shape.get(3);
    NDArray flat = features.reshape(channels, positions);
    NDArray d = GramMatrix.of(features).sub(target).mul(2 * weight / (channels * channels));
    return d.add(d.transpose()).matMul(flat).div(channels * positions).reshape(shape);
  }

  private static float meanSquared(NDArray a, NDArray b) {
    return a.sub(b).square().mean().getFloat();
  }

  private static void assertClose(NDArray actual, NDArray expected) {
    double error = actual.sub(expected).abs().max().getFloat();
    assertThat(error).isLessThanOrEqualTo(1e-5 * expected.abs().max().getFloat());
  }
}
