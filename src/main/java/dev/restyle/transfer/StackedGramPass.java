package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The loss terms of a batch whose pairs all use Gatys et al.'s Gram loss on the same layers, computed for all
 * pairs at once: one batched product per layer, the pairs' targets stacked, their weights as vectors. The same
 * operations as {@link StyleLoss}, {@link ContentLoss} and {@link TotalVariationLoss} with a batch axis, so
 * each pair's terms are its own to rounding; but a few dozen operations per batch instead of per pair, which
 * at 64 px cost about as much as a small pair's network pass.
 */
final class StackedGramPass {

  private static final NDIndex ROWS_FROM_1 = new NDIndex(":, :, 1:, :");
  private static final NDIndex ROWS_TO_LAST = new NDIndex(":, :, :-1, :");
  private static final NDIndex COLUMNS_FROM_1 = new NDIndex(":, :, :, 1:");
  private static final NDIndex COLUMNS_TO_LAST = new NDIndex(":, :, :, :-1");

  private final List<StyleTransferObjective> members;
  private final String contentLayer;
  private final List<String> styleLayers;

  private StackedGramPass(List<StyleTransferObjective> members, String contentLayer, List<String> styleLayers) {
    this.members = members;
    this.contentLayer = contentLayer;
    this.styleLayers = styleLayers;
  }

  /**
   * A pass for these objectives when they can share one: all Gram terms on the same style layers and content
   * layer, none with normalized gradients (which differentiates layer by layer); else null.
   */
  static StackedGramPass of(List<StyleTransferObjective> objectives) {
    StyleTransferObjective first = objectives.get(0);
    if (!(first.style() instanceof GramStyleTerm firstStyle)) {
      return null;
    }
    List<String> layers = List.copyOf(firstStyle.layerWeights().keySet());
    for (StyleTransferObjective objective : objectives) {
      if (!(objective.style() instanceof GramStyleTerm style) || objective.weights().normalizeGradients()
          || !objective.contentLayer().equals(first.contentLayer())
          || !List.copyOf(style.layerWeights().keySet()).equals(layers)) {
        return null;
      }
    }
    return new StackedGramPass(objectives, first.contentLayer(), layers);
  }

  /**
   * The N pairs' terms, each an N-vector, for the batch's activations and its leaf (N×3×H×W), all in
   * {@code scope}.
   */
  LossTerms terms(NDList features, NDArray images, NDManager scope) {
    NDArray content = content(features.get(contentLayer), scope);
    NDArray style = style(features, scope);
    NDArray total = content.mul(vector(scope, member -> member.weights().content()))
        .add(style.mul(vector(scope, member -> member.weights().style())));
    boolean smooth = members.stream().anyMatch(member -> member.weights().tv() != 0);
    NDArray tv = smooth ? totalVariation(images) : Autograd.withGradMode(false, () -> totalVariation(images));
    if (smooth) {
      total = total.add(tv.mul(vector(scope, member -> member.weights().tv())));
    }
    return new LossTerms(content, style, tv, total);
  }

  /** Per pair {@code mean((F − P)²)}, as {@link MeanSquaredError} forms it. */
  private NDArray content(NDArray activations, NDManager scope) {
    NDList targets = new NDList();
    members.forEach(member -> targets.add(member.contentTarget()));
    NDArray stacked = NDArrays.concat(targets);
    stacked.attach(scope);
    return meanSquaredErrors(activations, stacked);
  }

  /** Per pair {@code 2·Σ_l w_l · mean((G_l − A_l)²)} with one-sided Grams, as {@link StyleLoss#of}. */
  private NDArray style(NDList features, NDManager scope) {
    NDArray total = null;
    for (String layer : styleLayers) {
      NDArray activations = features.get(layer);
      Shape shape = activations.getShape();
      long channels = shape.get(1);
      long positions = shape.get(2) * shape.get(3);
      NDArray flat = activations.reshape(shape.get(0), channels, positions);
      NDArray constant = flat.stopGradient();
      NDArray gram;
      // The 1/N where it is cheaper, as GramMatrix.withOneSidedGradient puts it.
      if (positions <= 2 * channels) {
        gram = flat.matMul(GraphConstants.dividedBy(constant, channels * positions).transpose(0, 2, 1));
      } else {
        gram = GraphConstants.dividedBy(flat.matMul(constant.transpose(0, 2, 1)), channels * positions);
      }
      NDList targets = new NDList();
      members.forEach(member -> targets.add(((GramStyleTerm) member.style()).targets().gram(layer).expandDims(0)));
      NDArray stacked = NDArrays.concat(targets);
      stacked.attach(scope);
      NDArray term = meanSquaredErrors(gram, stacked).mul(vector(scope,
          member -> ((GramStyleTerm) member.style()).layerWeights().get(layer)));
      total = total == null ? term : total.add(term);
    }
    return Autograd.withDoubledGradient(total);
  }

  /** Per sample of the batch axis, {@code mean((a − b)²)} with the doubled one-sided gradient. */
  private static NDArray meanSquaredErrors(NDArray a, NDArray b) {
    NDArray difference = a.sub(b);
    NDArray squares = difference.mul(difference.stopGradient());
    long perSample = difference.size() / difference.getShape().get(0);
    return Autograd.withDoubledGradient(GraphConstants.dividedBy(squares.sum(otherAxes(squares)), perSample));
  }

  /** Per pair {@code (Σ vertical² + Σ horizontal²) / (3·H·W)}. */
  private static NDArray totalVariation(NDArray images) {
    long perSample = images.size() / images.getShape().get(0);
    NDArray vertical = images.get(ROWS_FROM_1).sub(images.get(ROWS_TO_LAST)).square();
    NDArray horizontal = images.get(COLUMNS_FROM_1).sub(images.get(COLUMNS_TO_LAST)).square();
    return GraphConstants.dividedBy(vertical.sum(otherAxes(vertical)).add(horizontal.sum(otherAxes(horizontal))),
        perSample);
  }

  private static int[] otherAxes(NDArray array) {
    int[] axes = new int[array.getShape().dimension() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    return axes;
  }

  /**
   * One weight per pair, as a constant vector of the batch's type, owned by PyTorch (as {@link GraphConstants}
   * makes constants, and for the same reason) and rounded to float as those are, so a weight scales a pair's
   * terms exactly as it does alone.
   */
  private NDArray vector(NDManager scope, ToDoubleFunction<StyleTransferObjective> weight) {
    float[] values = new float[members.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) weight.applyAsDouble(members.get(i));
    }
    try (NDArray owned = GraphConstants.of(scope, values, new Shape(values.length))) {
      return owned.toType(members.get(0).contentTarget().getDataType(), true);
    }
  }

  /** Each pair's four scalars, read to the host in one transfer. */
  static List<LossValues> values(LossTerms terms) {
    try (NDArray stacked = NDArrays.stack(new NDList(terms.content(), terms.style(), terms.tv(), terms.total()));
        NDArray wide = stacked.toType(DataType.FLOAT64, false)) {
      double[] v = wide.toDoubleArray();
      int pairs = (int) terms.content().size();
      List<LossValues> values = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        values.add(new LossValues(v[i], v[pairs + i], v[2 * pairs + i], v[3 * pairs + i]));
      }
      return values;
    }
  }
}
