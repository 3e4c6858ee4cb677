package dev.restyle.model.weights;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.model.Preprocessing;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.VggLayer;
import dev.restyle.model.WeightsSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --preprocessing caffe} reads only the Caffe VGG19's key layout: features.0 … features.34 and the
 * converted file's classifier.1, .4 and .6 (or neural-style-pt's renamed .0, .3 and .6). Files are tiny:
 * conv1_1 and conv1_2 are real-sized (what a relu1_1 run reads), every other tensor is a stand-in.
 */
class CaffeLayoutTest {

  private static final VggLayer RELU1_2 = Vgg19Architecture.layer("relu1_2");

  @TempDir
  Path dir;

  @Test
  void aFileWhoseKeysDifferIsRefusedNamingWhatIsMissingAndWhatIsUnexpected() throws IOException {
    // As a re-mapping seen in the wild saves it: the last classifier layer renumbered 6 → 7.
    Path file = caffeLike(List.of(1, 4, 7), "remapped.pth");

    assertThatThrownBy(() -> Vgg19Weights.validate(new WeightsSource.LocalFile(file), RELU1_2,
        Preprocessing.CAFFE, null))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessage(file + " is not the Caffe VGG19 (vgg19-d01eb7cb.pth) that --preprocessing caffe reads: "
            + "missing 'classifier.6.weight', 'classifier.6.bias'; unexpected 'classifier.7.weight', "
            + "'classifier.7.bias'");
    // The control: torchvision's preprocessing reads only the convolutions it needs, which are there.
    assertThatCode(() -> Vgg19Weights.validate(new WeightsSource.LocalFile(file), RELU1_2,
        Preprocessing.TORCHVISION, null)).doesNotThrowAnyException();
  }

  @Test
  void theConvertedLayoutAndNeuralStylePtsRenamedOneAreRead() throws IOException {
    for (List<Integer> classifier : List.of(List.of(1, 4, 6), List.of(0, 3, 6))) {
      Path file = caffeLike(classifier, "caffe-" + classifier.get(0) + ".pth");
      assertThatCode(() -> Vgg19Weights.validate(new WeightsSource.LocalFile(file), RELU1_2, Preprocessing.CAFFE,
          null)).doesNotThrowAnyException();
    }
  }

  @Test
  void withoutTheDeeperConvolutionsTheLayoutIsIncomplete() throws IOException {
    Path file = new TorchFileBuilder().storage("w", new float[64 * 64 * 9]).storage("b", new float[64])
        .tensor("features.0.weight", "w", 64, 3, 3, 3).tensor("features.0.bias", "b", 64)
        .tensor("features.2.weight", "w", 64, 64, 3, 3).tensor("features.2.bias", "b", 64)
        .writeZip(dir.resolve("block1.pth"));

    assertThatThrownBy(() -> Vgg19Weights.validate(new WeightsSource.LocalFile(file), RELU1_2,
        Preprocessing.AUTO, "sha256:d01eb7cb" + "0".repeat(56)))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessage(file + " is not the Caffe VGG19 (vgg19-d01eb7cb.pth) that --preprocessing caffe reads: "
            + "missing 'features.5.weight', 'features.5.bias', 'features.7.weight', 'features.7.bias', "
            + "'features.10.weight', 'features.10.bias', 'features.12.weight', 'features.12.bias', … 26 more");
  }

  /** conv1_1 and conv1_2 real-sized, every other convolution and the classifier 1-element stand-ins. */
  private Path caffeLike(List<Integer> classifier, String name) throws IOException {
    TorchFileBuilder builder = new TorchFileBuilder().storage("w", new float[64 * 64 * 9]).storage("b", new float[64])
        .storage("one", 0f);
    for (VggLayer layer : Vgg19Architecture.layers()) {
      if (layer.kind() != VggLayer.Kind.CONV) {
        continue;
      }
      if (layer.name().equals("conv1_1") || layer.name().equals("conv1_2")) {
        builder.tensor(layer.weightKey(), "w", layer.outChannels(), layer.inChannels(), 3, 3)
            .tensor(layer.biasKey(), "b", layer.outChannels());
      } else {
        builder.tensor(layer.weightKey(), "one", 1).tensor(layer.biasKey(), "one", 1);
      }
    }
    for (int index : classifier) {
      builder.tensor("classifier." + index + ".weight", "one", 1).tensor("classifier." + index + ".bias", "one", 1);
    }
    return builder.writeZip(dir.resolve(name));
  }
}
