package dev.restyle.model.weights;

import static dev.restyle.model.weights.WeightsTestFiles.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import dev.restyle.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyTorchFormatTest {

  private static final String VGG19_LEGACY = "vgg19-seeded-legacy.pth";

  private final LegacyTorchFormat format = new LegacyTorchFormat();

  @TempDir Path dir;

  /** The form of torchvision's 2017 vgg19-dcbb9e9d.pth: 4-argument _rebuild_tensor, storage keys out of order. */
  @Test
  void readsThe2017StreamWithFourArgumentRebuildTensor() throws IOException {
    Path file =
        new TorchFileBuilder()
            .fourArgRebuild()
            .storage("140000", 1, 2, 3, 4, 5, 6)
            .storage("139999", 0.5f, -0.5f)
            .tensor("features.0.weight", "140000", 2, 3)
            .tensor("features.0.bias", "139999", 2)
            .storageOrder("139999", "140000")
            .writeLegacy(dir.resolve("vgg19-2017.pth"));

    try (StateDict dict = format.open(file)) {
      assertThat(dict.format()).isEqualTo("torch-legacy");
      assertThat(dict.tensors().keySet()).containsExactly("features.0.weight", "features.0.bias");
      StoredTensor weight = dict.tensors().get("features.0.weight");
      assertThat(weight.key()).isEqualTo("features.0.weight");
      assertThat(weight.dataType()).isEqualTo(DataType.FLOAT32);
      assertThat(weight.shape()).containsExactly(2, 3);
      assertThat(floats(weight)).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(floats(dict.tensors().get("features.0.bias"))).containsExactly(0.5f, -0.5f);
    }
  }

  /** Python 2 pickles: byte-string keys, and OrderedDict([[key, tensor], ...]) instead of SETITEMS. */
  @Test
  void readsPython2Pickles() throws IOException {
    Path file =
        new TorchFileBuilder()
            .python2()
            .fourArgRebuild()
            .storage("2", 3, 4)
            .storage("1", 1, 2)
            .tensor("z.weight", "2", 2)
            .tensor("a.weight", "1", 2)
            .storageOrder("1", "2")
            .writeLegacy(dir.resolve("python2.pth"));

    try (StateDict dict = format.open(file)) {
      assertThat(dict.tensors().keySet()).containsExactly("z.weight", "a.weight");
      assertThat(floats(dict.tensors().get("z.weight"))).containsExactly(3, 4);
      assertThat(floats(dict.tensors().get("a.weight"))).containsExactly(1, 2);
    }
  }

  /**
   * Storages follow the pickles in key-list order (sorted strings), not in the order the state dict
   * uses them; several tensors may share one storage at different offsets.
   */
  @Test
  void honoursStorageOrderOffsetsAndSharedStorages() throws IOException {
    Path file =
        new TorchFileBuilder()
            .storage("b", 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)
            .storage("a", 7)
            .tensor("first", "b", 0, new long[] {2, 2}, new long[] {2, 1})
            .tensor("second", "b", 4, new long[] {3}, new long[] {1})
            .tensor("third", "a", 0, new long[] {}, new long[] {})
            .tensor("fourth", "b", 7, new long[] {1, 3}, new long[] {99, 1}) // size-1 dims may have any stride
            .storageOrder("a", "b")
            .writeLegacy(dir.resolve("shared.pth"));

    try (StateDict dict = format.open(file)) {
      assertThat(floats(dict.tensors().get("first"))).containsExactly(10, 11, 12, 13);
      assertThat(floats(dict.tensors().get("second"))).containsExactly(14, 15, 16);
      assertThat(dict.tensors().get("third").shape()).isEmpty();
      assertThat(floats(dict.tensors().get("third"))).containsExactly(7);
      assertThat(floats(dict.tensors().get("fourth"))).containsExactly(17, 18, 19);
    }
  }

  /** Pre-1.0 files could pickle storage views: ('storage', type, root_key, loc, root_numel, (view_key, offset, size)). */
  @Test
  void honoursLegacyStorageViews() throws IOException {
    Path file =
        new TorchFileBuilder()
            .storage("root", 0, 1, 2, 3, 4, 5, 6, 7)
            .viewTensor("viewed", "root", 3, 4, 1, 2)
            .writeLegacy(dir.resolve("views.pth"));

    try (StateDict dict = format.open(file)) {
      assertThat(floats(dict.tensors().get("viewed"))).containsExactly(4, 5);
    }
  }

  @Test
  void refusesToReadANonContiguousTensorNamingItButReadsTheOthers() throws IOException {
    Path file =
        new TorchFileBuilder()
            .storage("0", 1, 2, 3, 4, 5, 6)
            .tensor("transposed", "0", 0, new long[] {3, 2}, new long[] {1, 3})
            .tensor("plain", "0", 2, 3)
            .writeLegacy(dir.resolve("transposed.pth"));

    try (StateDict dict = format.open(file)) {
      assertThat(dict.tensors().get("transposed").shape()).containsExactly(3, 2);
      assertThatThrownBy(() -> dict.tensors().get("transposed").read())
          .isInstanceOf(InvalidWeightsException.class)
          .hasMessageContaining("'transposed'")
          .hasMessageContaining("not contiguous")
          .hasMessageContaining("[1, 3]");
      assertThat(floats(dict.tensors().get("plain"))).containsExactly(1, 2, 3, 4, 5, 6);
    }
  }

  @Test
  void rejectsATensorReachingPastItsStorage() throws IOException {
    Path file =
        new TorchFileBuilder()
            .storage("0", 1, 2, 3)
            .tensor("too.long", "0", 1, new long[] {3}, new long[] {1})
            .writeLegacy(dir.resolve("overrun.pth"));

    assertThatThrownBy(() -> format.open(file))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("overrun.pth")
        .hasMessageContaining("'too.long'")
        .hasMessageContaining("past the end of storage 0");
  }

  @Test
  void rejectsAnElementCountOnDiskThatDisagreesWithThePickle() throws IOException {
    Path file =
        new TorchFileBuilder()
            .storage("0", 1, 2, 3)
            .tensor("w", "0", 3)
            .countOnDisk("0", 2)
            .writeLegacy(dir.resolve("miscounted.pth"));

    assertThatThrownBy(() -> format.open(file))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("miscounted.pth is corrupt")
        .hasMessageContaining("2 elements on disk but 3");
  }

  @Test
  void rejectsBigEndianFiles() throws IOException {
    Path file =
        new TorchFileBuilder().storage("0", 1).tensor("w", "0", 1).bigEndian().writeLegacy(dir.resolve("be.pth"));

    assertThatThrownBy(() -> format.open(file))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("be.pth")
        .hasMessageContaining("big-endian");
  }

  @Test
  void rejectsStorageTypesItCannotRepresent() throws IOException {
    Path file =
        new TorchFileBuilder()
            .storage("0", 1)
            .storageType("0", "QInt8Storage")
            .tensor("q", "0", 1)
            .writeLegacy(dir.resolve("quantized.pth"));

    assertThatThrownBy(() -> format.open(file))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("quantized.pth")
        .hasMessageContaining("torch.QInt8Storage are not supported");
  }

  @Test
  void reportsAFileCutShortWithExpectedAndActualLengths() throws IOException {
    Path original = Fixtures.require(VGG19_LEGACY);
    long size = Files.size(original);
    Path cut = WeightsTestFiles.copyPrefix(original, dir.resolve("half-downloaded.pth"), 16 << 20);

    assertThatThrownBy(() -> format.open(cut))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("half-downloaded.pth is truncated")
        .hasMessageContaining("expected " + size + " bytes, found " + (16 << 20));
  }

  @Test
  void reportsAFileMissingOnlyItsLastThousandBytes() throws IOException {
    Path original = Fixtures.require(VGG19_LEGACY);
    long size = Files.size(original);
    Path cut = WeightsTestFiles.cutTail(original, dir.resolve("almost.pth"), 1 << 20, 1000);

    assertThatThrownBy(() -> format.open(cut))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("almost.pth is truncated")
        .hasMessageContaining("expected " + size + " bytes, found " + (size - 1000));
  }

  @Test
  void reportsAFileCutInsideItsPickles() throws IOException {
    Path cut = WeightsTestFiles.copyPrefix(Fixtures.require(VGG19_LEGACY), dir.resolve("stub.pth"), 3000);

    assertThatThrownBy(() -> format.open(cut))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("stub.pth is truncated")
        .hasMessageContaining("state dict");
  }

  @Test
  void recognizesTheLegacyStreamByItsPickledMagicNumber() throws IOException {
    assertThat(format.recognizes(head(Fixtures.require(VGG19_LEGACY)))).isTrue();
    assertThat(format.recognizes(head(Fixtures.require("vgg19-seeded-zip.pth")))).isFalse();
    assertThat(format.recognizes(head(Fixtures.require("vgg19-seeded.safetensors")))).isFalse();
    assertThat(format.recognizes(PickleBytes.protocol2().emptyList().stop())).isFalse();
    assertThat(format.recognizes(new byte[0])).isFalse();
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(16);
    }
  }
}
