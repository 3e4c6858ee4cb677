package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import dev.restyle.model.Precision;
import dev.restyle.model.Preprocessing;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Features;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One evaluation of several pairs' objectives in one network pass: their images stacked into an N×3×H×W
 * batch, one forward pass, the pairs' loss terms (all at once where they are all Gram terms on the same
 * layers, {@link StackedGramPass}; else each on its own slice of every activation), and one backward pass of
 * the sum of their totals. VGG19 has no layer that mixes samples, so slice i of that sum's gradient
 * is exactly pair i's own gradient; only the convolutions' float summation order can differ from a pair
 * run alone.
 */
final class JointPass {

  /**
   * What members must share to be stacked: the network, its preprocessing, its precision (a bf16 view returns
   * only the layers read, so those too), and the image's shape and type.
   */
  record Key(Vgg19Features network, Preprocessing preprocessing, Precision precision, Set<String> bf16Taps,
      Shape shape, DataType type) {

    static Key of(StyleTransferObjective objective, NDArray image) {
      Vgg19 model = objective.model();
      return new Key(model.block(), model.preprocessing(), model.precision(),
          model.precision() == Precision.BF16 ? objective.layers() : Set.of(), image.getShape(), image.getDataType());
    }
  }

  /** A member's part: its objective, its image, and the scope its gradient must live in. */
  record Member(StyleTransferObjective objective, NDArray image, NDManager scope) {}

  private JointPass() {}

  /**
   * The members' losses and gradients, in their order; each gradient is created in its member's scope.
   * All members have the same {@link Key}.
   */
  static List<ImageObjective.Result> evaluate(List<Member> members) {
    if (members.size() == 1) {
      Member alone = members.get(0);
      Evaluation evaluation = alone.objective().evaluate(alone.image(), alone.scope());
      return List.of(new ImageObjective.Result(evaluation.terms().values(), evaluation.gradient()));
    }
    try (NDManager pass = members.get(0).image().getManager().newSubManager()) {
      NDList images = new NDList();
      members.forEach(member -> images.add(member.image()));
      NDArray stacked = NDArrays.concat(images);
      stacked.attach(pass);
      NDArray leaf = Autograd.leafOf(stacked, pass);
      List<StyleTransferObjective> objectives = members.stream().map(Member::objective).toList();
      StackedGramPass allGram = StackedGramPass.of(objectives);
      return Autograd.withGradMode(true, () -> {
        NDList features = members.get(0).objective().model().features(leaf);
        if (allGram != null) {
          LossTerms terms = allGram.terms(features, leaf, pass);
          NDArray gradient = Autograd.gradient(terms.total().sum(), leaf);
          return results(members, StackedGramPass.values(terms), gradient);
        }
        List<StyleTransferObjective.Differentiable> parts = new ArrayList<>();
        NDArray sum = null;
        for (int i = 0; i < members.size(); i++) {
          StyleTransferObjective objective = members.get(i).objective();
          StyleTransferObjective.Differentiable part = objective.differentiable(
              slice(features, i, objective), leaf.get(i + ":" + (i + 1)), pass);
          parts.add(part);
          sum = sum == null ? part.surrogate() : sum.add(part.surrogate());
        }
        NDArray gradient = Autograd.gradient(sum, leaf);
        return results(members, parts.stream().map(part -> part.terms().values()).toList(), gradient);
      });
    }
  }

  /** Each member's losses and its own slice of the batch's gradient, copied into the member's scope. */
  private static List<ImageObjective.Result> results(List<Member> members, List<LossValues> losses,
      NDArray gradient) {
    List<ImageObjective.Result> results = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      NDArray own = gradient.get(i + ":" + (i + 1)).duplicate(); // contiguous, and free of the batch
      own.attach(members.get(i).scope());
      results.add(new ImageObjective.Result(losses.get(i), own));
    }
    return results;
  }

  /** Sample i of the activations the objective reads, named as the network names them. */
  private static NDList slice(NDList features, int i, StyleTransferObjective objective) {
    NDList slices = new NDList();
    String range = i + ":" + (i + 1);
    for (String layer : objective.layers()) {
      NDArray slice = features.get(layer).get(range);
      slice.setName(layer);
      slices.add(slice);
    }
    return slices;
  }
}
