package dev.restyle.model.weights;

import static dev.restyle.model.weights.WeightsTestFiles.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictsTest {

  @TempDir Path dir;

  @Test
  void choosesTheFormatFromTheBytesNotTheFileName() throws IOException {
    Path zipNamedSafetensors = Files.copy(Fixtures.require("resnet-like.pth"), dir.resolve("resnet.safetensors"));
    Path legacyNamedZip =
        new TorchFileBuilder().storage("0", 1, 2).tensor("w", "0", 2).writeLegacy(dir.resolve("w.zip"));

    try (StateDict zip = StateDicts.open(zipNamedSafetensors);
        StateDict legacy = StateDicts.open(legacyNamedZip)) {
      assertThat(zip.format()).isEqualTo("torch-zip");
      assertThat(zip.tensors()).containsKey("conv1.weight");
      assertThat(legacy.format()).isEqualTo("torch-legacy");
    }
    assertThat(StateDicts.formatOf(Fixtures.require("vgg19-seeded.safetensors")).name()).isEqualTo("safetensors");
    assertThat(StateDicts.formats()).extracting(StateDictFormat::name)
        .containsExactly("torch-zip", "torch-legacy", "safetensors");
  }

  @Test
  void explainsFilesThatAreNoWeightsAtAll() throws IOException {
    Path missing = dir.resolve("nowhere.pth");
    Path empty = Files.write(dir.resolve("empty.pth"), new byte[0]);
    byte[] noise = new byte[4096];
    new Random(42).nextBytes(noise);
    noise[0] = 0; // a control byte: not mistaken for text whatever the seed
    Path random = Files.write(dir.resolve("random.pth"), noise);
    Path text = Files.writeString(dir.resolve("notes.pth"), "these are not the weights\nyou are looking for\n");
    Path html = Files.writeString(dir.resolve("vgg19.pth"), "<!DOCTYPE html><html><body>403 Forbidden</body></html>");
    Path folder = Files.createDirectory(dir.resolve("weights.pth"));
    Path pickle = Files.write(dir.resolve("list.pkl"), PickleBytes.protocol2().emptyList().stop());

    assertInvalid(missing, "weights file not found: " + missing);
    assertInvalid(empty, empty + " is empty (0 bytes)");
    assertInvalid(random, random + " is not a weights file Restyle can read: it looks like binary data; expected");
    assertInvalid(text, text + " is not a weights file Restyle can read: it looks like text; expected");
    assertInvalid(html, html + " is not a weights file Restyle can read: it looks like HTML (perhaps an error page "
        + "saved as the download?)");
    assertInvalid(folder, folder + " is a directory");
    assertInvalid(pickle, pickle + " is not a weights file Restyle can read: it is a Python pickle, but not one written by torch.save");
    assertInvalid(text, "expected a state dict saved with torch.save (.pth) or a .safetensors file");
  }

  @Test
  void explainsATorchFileThatHoldsNoStateDict() {
    Path list = Fixtures.require("not-a-state-dict.pth");

    assertInvalid(list, list + " is not a state dict: it holds a list, not a dict of tensors");
  }

  @Test
  void explainsAWholePickledModel() throws IOException {
    byte[] model =
        PickleBytes.protocol2().global("torchvision.models.vgg", "VGG").emptyTuple().op(0x81) // NEWOBJ
            .emptyDict().build().stop();
    Path file = dir.resolve("model.pth");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("model/data.pkl"));
      zip.write(model);
    }

    assertInvalid(file, "holds a torchvision.models.vgg.VGG object");
    assertInvalid(file, "save model.state_dict() instead");
  }

  @Test
  void stripsTheDataParallelPrefix() throws IOException {
    Path file =
        new TorchFileBuilder()
            .storage("0", 1, 2, 3)
            .tensor("module.features.0.weight", "0", 0, new long[] {2}, new long[] {1})
            .tensor("module.features.0.bias", "0", 2, new long[] {1}, new long[] {1})
            .writeZip(dir.resolve("data-parallel.pth"));

    try (StateDict dict = StateDicts.open(file)) {
      assertThat(dict.tensors().keySet()).containsExactly("features.0.weight", "features.0.bias");
      assertThat(dict.tensors().get("features.0.bias").key()).isEqualTo("features.0.bias");
      assertThat(floats(dict.tensors().get("features.0.weight"))).containsExactly(1, 2);
      assertThat(floats(dict.tensors().get("features.0.bias"))).containsExactly(3);
      assertThat(((LazyStateDict) dict).bytesRead()).isPositive();
    }
  }

  @Test
  void keepsKeysWhenOnlySomeHaveTheModulePrefix() throws IOException {
    Path file =
        new TorchFileBuilder()
            .storage("0", 1, 2)
            .tensor("module.a", "0", 0, new long[] {1}, new long[] {1})
            .tensor("b", "0", 1, new long[] {1}, new long[] {1})
            .writeLegacy(dir.resolve("mixed.pth"));

    try (StateDict dict = StateDicts.open(file)) {
      assertThat(dict.tensors().keySet()).containsExactly("module.a", "b");
    }
  }

  @Test
  void findsTheStateDictInsideATrainingCheckpoint() throws IOException {
    Path stateDict =
        new TorchFileBuilder().storage("0", 4, 5).tensor("w", "0", 2).wrappedIn("state_dict").writeZip(dir.resolve("a.pth"));
    Path model = new TorchFileBuilder().storage("0", 6).tensor("w", "0", 1).wrappedIn("model").writeLegacy(dir.resolve("b.pth"));
    Path other = new TorchFileBuilder().storage("0", 6).tensor("w", "0", 1).wrappedIn("weights").writeZip(dir.resolve("c.pth"));

    try (StateDict a = StateDicts.open(stateDict);
        StateDict b = StateDicts.open(model)) {
      assertThat(floats(a.tensors().get("w"))).containsExactly(4, 5);
      assertThat(floats(b.tensors().get("w"))).containsExactly(6);
    }
    assertInvalid(other, other + " is not a state dict: its entry 'epoch' holds an int, not a tensor");
    assertInvalid(other, "under 'state_dict' or 'model'");
  }

  @Test
  void closingReleasesTheFile() throws IOException {
    Path file = new TorchFileBuilder().storage("0", 1).tensor("w", "0", 1).writeLegacy(dir.resolve("closed.pth"));
    StateDict dict = StateDicts.open(file);
    StoredTensor tensor = dict.tensors().get("w");
    dict.close();

    assertThatThrownBy(tensor::read).isInstanceOf(IOException.class);
  }

  private static void assertInvalid(Path file, String messagePart) {
    assertThatThrownBy(() -> StateDicts.open(file).close())
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining(messagePart);
  }
}
