package dev.restyle.transfer;

import static dev.restyle.testing.Tolerance.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.Pooling;
import dev.restyle.model.Preprocessing;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Loader;
import dev.restyle.model.weights.StateDict;
import dev.restyle.model.weights.StateDicts;
import dev.restyle.params.LossWeights;
import dev.restyle.testing.Fixtures;
import dev.restyle.testing.ParityFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, item 2: {@code --preprocessing caffe} against real PyTorch. make_caffe_fixtures.py writes a seeded
 * VGG19 in the Caffe file's key layout and the losses of the same objective with Caffe's preprocessing (BGR,
 * 0–255 minus the mean pixel, no std); {@code auto} picks it by the file's sha256.
 */
class CaffePreprocessingTest {

  private static final List<String> STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");
  // make_parity_fixtures.py's weights (caffe-parity.safetensors' metadata says them too).
  private static final LossWeights WEIGHTS = new LossWeights(1, 1e6, 1e-2);
  private static final String CAFFE_ID = "sha256:" + Preprocessing.CAFFE_VGG19_SHA256_PREFIX + "0".repeat(56);
  private static final String TORCHVISION_ID = "sha256:dcbb9e9d" + "0".repeat(56);

  @RegisterExtension
  static final ParityFixture reference = new ParityFixture("caffe-parity.safetensors");

  private static Vgg19 loaded;

  @BeforeAll
  static void load() throws Exception {
    try (StateDict stateDict = StateDicts.open(Fixtures.require("vgg19-caffe-layout.pth"))) {
      loaded = Vgg19Loader.load(stateDict, "vgg19-caffe-layout.pth", CAFFE_ID, Vgg19Architecture.layer("relu5_1"),
          Pooling.MAX, Device.cpu());
    }
  }

  @AfterAll
  static void close() {
    if (loaded != null) {
      loaded.close();
    }
  }

  @Test
  void lossesAndGradientMatchPyTorchWithCaffesPreprocessing() {
    Vgg19 caffe = loaded.preprocessedAs(Preprocessing.CAFFE);
    try (NDManager pair = reference.newScope()) {
      NDArray input = reference.array("image/input", pair);
      Evaluation evaluation = objective(caffe, pair).evaluate(input, pair);
      LossValues losses = evaluation.terms().values();
      assertClose("content loss", losses.content(), reference.scalar("caffe/loss/content", pair), 1e-3);
      assertClose("style loss", losses.style(), reference.scalar("caffe/loss/style", pair), 1e-3);
      assertClose("tv loss", losses.tv(), reference.scalar("caffe/loss/tv", pair), 1e-3);
      assertClose("total loss", losses.total(), reference.scalar("caffe/loss/total", pair), 1e-3);
      assertClose("d(total)/d(input)", evaluation.gradient(), reference.array("caffe/grad/input", pair), 1e-3);
    }
  }

  @Test
  void torchvisionsPreprocessingOfTheSameWeightsGivesOtherLosses() {
    Vgg19 torchvision = loaded.preprocessedAs(Preprocessing.TORCHVISION);
    Vgg19 caffe = loaded.preprocessedAs(Preprocessing.CAFFE);
    try (NDManager pair = reference.newScope()) {
      NDArray input = reference.array("image/input", pair);
      LossValues withTorchvision = objective(torchvision, pair).measure(input).values();
      LossValues withCaffe = objective(caffe, pair).measure(input).values();
      // Caffe's inputs are ~255 × std larger, so the activations, and the losses, are orders of magnitude apart.
      assertThat(withCaffe.content()).isGreaterThan(100 * withTorchvision.content());
      assertThat(withCaffe.style()).isGreaterThan(100 * withTorchvision.style());
      assertThat(withCaffe.tv()).isEqualTo(withTorchvision.tv()); // measured on the pixels either way
    }
  }

  @Test
  void autoPicksCaffeForTheCaffeFilesHashAndTorchvisionOtherwise() {
    assertThat(Preprocessing.AUTO.resolve(CAFFE_ID)).isEqualTo(Preprocessing.CAFFE);
    assertThat(Preprocessing.AUTO.resolve(TORCHVISION_ID)).isEqualTo(Preprocessing.TORCHVISION);
    assertThat(Preprocessing.AUTO.resolve("untrained:seed=0")).isEqualTo(Preprocessing.TORCHVISION);
    assertThat(Preprocessing.AUTO.resolve("sha256:0" + Preprocessing.CAFFE_VGG19_SHA256_PREFIX + "0".repeat(55)))
        .isEqualTo(Preprocessing.TORCHVISION); // the prefix, not anywhere in the digest
    assertThat(Preprocessing.TORCHVISION.resolve(CAFFE_ID)).isEqualTo(Preprocessing.TORCHVISION); // given wins
    assertThat(Preprocessing.CAFFE.resolve(TORCHVISION_ID)).isEqualTo(Preprocessing.CAFFE);

    // The loaded model: its id is the Caffe file's, so auto is caffe, with caffe's activations.
    assertThat(loaded.preprocessedAs(Preprocessing.AUTO).preprocessing()).isEqualTo(Preprocessing.CAFFE);
    assertThat(loaded.preprocessedAs(Preprocessing.AUTO).featuresId()).isNotEqualTo(loaded.featuresId());
    try (StateDict stateDict = StateDicts.open(Fixtures.require("vgg19-caffe-layout.pth"));
        Vgg19 other = Vgg19Loader.load(stateDict, "other", TORCHVISION_ID, Vgg19Architecture.layer("relu1_1"),
            Pooling.MAX, Device.cpu())) {
      assertThat(other.preprocessedAs(Preprocessing.AUTO).preprocessing()).isEqualTo(Preprocessing.TORCHVISION);
      assertThat(other.preprocessedAs(Preprocessing.AUTO)).isSameAs(other);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
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
}
