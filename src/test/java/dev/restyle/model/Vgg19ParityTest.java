package dev.restyle.model;

import static dev.restyle.testing.Tolerance.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.weights.LegacyTorchFormat;
import dev.restyle.model.weights.StateDict;
import dev.restyle.model.weights.StateDictFormat;
import dev.restyle.model.weights.ZipTorchFormat;
import dev.restyle.testing.Fixtures;
import dev.restyle.testing.ParityFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** VGG19 activations from both torch.save formats against torchvision's, on the same seeded weights. */
class Vgg19ParityTest {

  private static final List<String> TAPS =
      List.of("conv1_1", "relu1_1", "relu2_1", "relu3_1", "relu4_1", "conv4_2", "relu4_2", "relu5_1");
  private static final VggLayer DEEPEST = Vgg19Architecture.layer("relu5_1");

  @RegisterExtension
  static final ParityFixture reference = new ParityFixture();




  @ParameterizedTest
  @EnumSource(Pooling.class)
  void activationsMatchTorchvisionWithin1e4Relative(Pooling pooling) throws Exception {
    try (Vgg19 model = load(new LegacyTorchFormat(), "vgg19-seeded-legacy.pth", pooling);
        NDManager scope = reference.newScope()) {
      NDList features = model.features(reference.array("image/input", scope));
      for (String tap : TAPS) {
        assertClose(pooling.id() + " " + tap, features.get(tap),
            reference.array(pooling.id() + "/activation/" + tap, scope), 1e-4);
      }
    }
  }

  @Test
  void legacyAndZipFormatsGiveIdenticalActivations() throws Exception {
    try (Vgg19 legacy = load(new LegacyTorchFormat(), "vgg19-seeded-legacy.pth", Pooling.MAX);
        Vgg19 zip = load(new ZipTorchFormat(), "vgg19-seeded-zip.pth", Pooling.MAX);
        NDManager scope = reference.newScope()) {
      NDArray input = reference.array("image/input", scope);
      NDArray fromLegacy = legacy.features(input).get("relu5_1");
      NDArray fromZip = zip.features(input).get("relu5_1");
      assertThat(fromZip.contentEquals(fromLegacy)).isTrue();
    }
  }

  @Test
  void modelIsBuiltOnlyUpToTheDeepestLayerAskedFor() throws Exception {
    try (Vgg19 model = load(new ZipTorchFormat(), "vgg19-seeded-zip.pth", Vgg19Architecture.layer("relu4_2"),
            Pooling.MAX);
        NDManager scope = reference.newScope()) {
      NDList features = model.features(reference.array("image/input", scope));
      assertThat(model.block().getChildren().size()).isEqualTo(23);
      assertThat(features.get("relu4_2")).isNotNull();
      assertThat(features.get("relu5_1")).isNull();
      assertThat(model.block().getParameters().keys()).doesNotContain("24conv5_1_weight");
    }
  }

  static Vgg19 load(StateDictFormat format, String fixture, Pooling pooling) throws Exception {
    return load(format, fixture, DEEPEST, pooling);
  }

  static Vgg19 load(StateDictFormat format, String fixture, VggLayer deepest, Pooling pooling) throws Exception {
    try (StateDict stateDict = format.open(Fixtures.require(fixture))) {
      return Vgg19Loader.load(stateDict, fixture, fixture, deepest, pooling, Device.cpu());
    }
  }
}
