package dev.restyle.model.weights;

import static dev.restyle.model.weights.WeightsTestFiles.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import dev.restyle.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipTorchFormatTest {

  private final ZipTorchFormat format = new ZipTorchFormat();

  @TempDir Path dir;

  @Test
  void readsTensorsAndToleratesExtraEntries() throws IOException {
    Path file =
        new TorchFileBuilder()
            .storage("1", 1, 2, 3, 4, 5, 6)
            .storage("0", 9, 8)
            .tensor("conv.weight", "1", 2, 3)
            .tensor("conv.bias", "0", 2)
            .tensor("tail", "1", 4, new long[] {2}, new long[] {1})
            .writeZip(dir.resolve("small.pth"), "byteorder", "little", ".data/serialization_id", "123");

    try (StateDict dict = format.open(file)) {
      assertThat(dict.format()).isEqualTo("torch-zip");
      assertThat(dict.tensors().keySet()).containsExactly("conv.weight", "conv.bias", "tail");
      assertThat(floats(dict.tensors().get("conv.weight"))).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(floats(dict.tensors().get("conv.bias"))).containsExactly(9, 8);
      assertThat(floats(dict.tensors().get("tail"))).containsExactly(5, 6);
    }
  }

  @Test
  void rejectsBigEndianArchives() throws IOException {
    Path file =
        new TorchFileBuilder().storage("0", 1).tensor("w", "0", 1).writeZip(dir.resolve("be.pth"), "byteorder", "big");

    assertThatThrownBy(() -> format.open(file))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("be.pth")
        .hasMessageContaining("'big' byte order");
  }

  @Test
  void reportsATruncatedArchive() throws IOException {
    Path original = Fixtures.require("resnet-like.pth");
    Path cutTail = WeightsTestFiles.copyPrefix(original, dir.resolve("cut-tail.pth"), Files.size(original) - 1000);
    Path cutHalf = WeightsTestFiles.copyPrefix(original, dir.resolve("cut-half.pth"), Files.size(original) / 2);

    for (Path file : new Path[] {cutTail, cutHalf}) {
      assertThatThrownBy(() -> format.open(file))
          .isInstanceOf(InvalidWeightsException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("truncated or corrupt zip archive");
    }
  }

  @Test
  void reportsAStorageEntryOfTheWrongSize() throws IOException {
    Path file = dir.resolve("short-entry.pth");
    byte[] pickle = new TorchFileBuilder().storage("0", 1, 2, 3).tensor("w", "0", 3).stateDictPickle(false);
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl"));
      zip.write(pickle);
      zip.putNextEntry(new ZipEntry("archive/data/0"));
      zip.write(TorchFileBuilder.floats(1, 2));
    }

    assertThatThrownBy(() -> format.open(file))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("short-entry.pth is corrupt")
        .hasMessageContaining("holds 8 bytes, its storage needs 12");
  }

  @Test
  void reportsAMissingStorageEntry() throws IOException {
    Path file = dir.resolve("no-data.pth");
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl"));
      zip.write(new TorchFileBuilder().storage("0", 1).tensor("w", "0", 1).stateDictPickle(false));
    }

    assertThatThrownBy(() -> format.open(file))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("no-data.pth is corrupt: it has no entry archive/data/0");
  }

  @Test
  void explainsTorchScriptArchivesAndOtherZips() throws IOException {
    Path script = dir.resolve("scripted.pt");
    Path other = dir.resolve("photos.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(script))) {
      zip.putNextEntry(new ZipEntry("scripted/data.pkl"));
      zip.putNextEntry(new ZipEntry("scripted/constants.pkl"));
      zip.putNextEntry(new ZipEntry("scripted/code/__torch__.py"));
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
      zip.putNextEntry(new ZipEntry("cat.jpg"));
    }

    assertThatThrownBy(() -> format.open(script))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("scripted.pt is a TorchScript archive");
    assertThatThrownBy(() -> format.open(other))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("photos.zip is a zip archive but not a torch.save file");
  }

  /** The reader reports float64 as float64; whether that is acceptable is the loader's decision. */
  @Test
  void reportsFloat64FaithfullyWithTheSameValuesAsTheFloat32Original() throws IOException {
    try (StateDict doubles = format.open(Fixtures.require("vgg19-float64.pth"));
        StateDict original = format.open(Fixtures.require("vgg19-seeded-zip.pth"))) {
      StoredTensor weight = doubles.tensors().get("features.0.weight");
      assertThat(doubles.tensors()).hasSize(1);
      assertThat(weight.dataType()).isEqualTo(DataType.FLOAT64);
      assertThat(weight.shape()).containsExactly(64, 3, 3, 3);

      DoubleBuffer values = weight.read().asDoubleBuffer();
      float[] expected = floats(original.tensors().get("features.0.weight"));
      assertThat(values.remaining()).isEqualTo(expected.length);
      for (float value : expected) {
        assertThat(values.get()).isEqualTo((double) value);
      }
    }
  }

  @Test
  void listsWhateverStateDictItIsGiven() throws IOException {
    try (StateDict resnet = format.open(Fixtures.require("resnet-like.pth"));
        StateDict wrongShape = format.open(Fixtures.require("vgg19-wrong-shape.pth"))) {
      assertThat(resnet.tensors().keySet()).containsExactly("conv1.weight", "bn1.weight", "fc.weight");
      assertThat(resnet.tensors().get("conv1.weight").shape()).containsExactly(64, 3, 7, 7);
      assertThat(floats(resnet.tensors().get("bn1.weight"))).hasSize(64).containsOnly(1f);
      assertThat(floats(resnet.tensors().get("fc.weight"))).hasSize(5120).containsOnly(0f);

      assertThat(wrongShape.tensors().get("features.0.weight").shape()).containsExactly(32, 3, 3, 3);
      assertThat(wrongShape.tensors().get("features.0.bias").shape()).containsExactly(32);
    }
  }
}
