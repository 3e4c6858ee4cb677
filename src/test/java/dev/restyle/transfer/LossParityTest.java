package dev.restyle.transfer;

import static dev.restyle.testing.Tolerance.assertClose;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.Pooling;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Loader;
import dev.restyle.model.weights.LegacyTorchFormat;
import dev.restyle.model.weights.StateDict;
import dev.restyle.params.LossWeights;
import dev.restyle.testing.Fixtures;
import dev.restyle.testing.ParityFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Gram matrices, the three losses and d(total)/d(input) against PyTorch on the same weights and images. */
class LossParityTest {

  private static final List<String> STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");
  // The weights make_parity_fixtures.py used (also in parity.safetensors' metadata).
  private static final LossWeights WEIGHTS = new LossWeights(1, 1e6, 1e-2);

  @RegisterExtension
  static final ParityFixture reference = new ParityFixture();




  @ParameterizedTest
  @EnumSource(Pooling.class)
  void gramsLossesAndGradientMatchPyTorch(Pooling pooling) throws Exception {
    String p = pooling.id() + "/";
    try (Vgg19 model = load(pooling); NDManager pair = reference.newScope()) {
      NDArray input = reference.array("image/input", pair);
      NDList features = model.features(input);
      for (String layer : STYLE_LAYERS) {
        assertClose(p + "gram " + layer, GramMatrix.of(features.get(layer)),
            reference.array(p + "gram/" + layer, pair), 1e-3);
      }

      StyleTransferObjective objective = objective(model, pair);
      Evaluation evaluation = objective.evaluate(input, pair);
      LossValues losses = evaluation.terms().values();
      assertClose(p + "content loss", losses.content(), reference.scalar(p + "loss/content", pair), 1e-3);
      assertClose(p + "style loss", losses.style(), reference.scalar(p + "loss/style", pair), 1e-3);
      assertClose(p + "tv loss", losses.tv(), reference.scalar(p + "loss/tv", pair), 1e-3);
      assertClose(p + "total loss", losses.total(), reference.scalar(p + "loss/total", pair), 1e-3);
      // float32 gradients agree with each other only to ~1e-4 of their maximum; tighter is noise.
      assertClose(p + "d(total)/d(input)", evaluation.gradient(), reference.array(p + "grad/input", pair), 2e-4);
    }
  }

  private static StyleTransferObjective objective(Vgg19 model, NDManager pair) {
    Map<String, Double> layerWeights = new LinkedHashMap<>();
    STYLE_LAYERS.forEach(layer -> layerWeights.put(layer, 1.0));
    NDArray content = reference.array("image/content", pair);
    NDArray style = reference.array("image/style", pair);
    return new StyleTransferObjective(model, "relu4_2",
        StyleTransferObjective.contentTarget(model, content, "relu4_2", pair),
        StyleTargets.compute(model, style, STYLE_LAYERS, pair), layerWeights, WEIGHTS);
  }

  private static Vgg19 load(Pooling pooling) throws Exception {
    try (StateDict stateDict = new LegacyTorchFormat().open(Fixtures.require("vgg19-seeded-legacy.pth"))) {
      return Vgg19Loader.load(stateDict, "fixture", "fixture", Vgg19Architecture.layer("relu5_1"), pooling,
          Device.cpu());
    }
  }
}
