package dev.restyle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.support.Digests;
import dev.restyle.support.ErrorClass;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Storage} promises on every file system, run against each kind: a local disk (temporary file
 * and rename) and an object store (one create/close). Subclasses say where the test's root is.
 */
abstract class StorageContract {

  @TempDir
  java.nio.file.Path localDir;

  /** A fresh, empty directory URI on the file system under test, without a trailing slash. */
  abstract String root();

  abstract Configuration conf();

  private Storage storage() {
    return new Storage(conf());
  }

  @Test
  void aWholeObjectReadsBackByteForByte() throws IOException {
    byte[] bytes = pattern(70_000);
    Path target = new Path(root() + "/images/run_id=r/p1.png");

    storage().writeWhole(target, bytes);

    assertThat(storage().readCapped(target.toString(), bytes.length)).isEqualTo(bytes);
  }

  @Test
  void writingAgainReplacesTheObjectAndLeavesNoTemporaryFileBehind() throws IOException {
    Path target = new Path(root() + "/again/p.png");
    storage().writeWhole(target, "first".getBytes(StandardCharsets.UTF_8));
    storage().writeWhole(target, "second, longer".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(storage().readCapped(target.toString(), 100), StandardCharsets.UTF_8))
        .isEqualTo("second, longer");
    FileSystem fs = target.getFileSystem(conf());
    assertThat(Arrays.stream(fs.listStatus(target.getParent())).map(FileStatus::getPath).map(Path::getName))
        .containsExactly("p.png");
  }

  @Test
  void aFileOverTheCapIsRefusedBeforeItIsRead() throws IOException {
    Path target = new Path(root() + "/big.bin");
    storage().writeWhole(target, pattern(1001));

    assertThatThrownBy(() -> storage().readCapped(target.toString(), 1000))
        .isInstanceOf(InputTooLargeException.class)
        .hasMessageEndingWith("big.bin is 1001 bytes, over the 1000-byte input limit")
        .satisfies(e -> assertThat(ErrorClass.of(e)).isEqualTo(ErrorClass.INPUT_TOO_LARGE));
    assertThat(storage().readCapped(target.toString(), 1001)).hasSize(1001); // the control: at the cap
  }

  @Test
  void aMissingFileIsNamedInTheError() {
    String missing = root() + "/nothing-here.png";

    assertThatThrownBy(() -> storage().readCapped(missing, 1000))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessage(missing + " does not exist")
        .satisfies(e -> assertThat(ErrorClass.of(e)).isEqualTo(ErrorClass.INPUT_NOT_FOUND));
  }

  @Test
  void aCopyToLocalDiskIsWholeAndHashed() throws IOException {
    byte[] bytes = pattern(300_000);
    Path source = new Path(root() + "/weights/vgg19.pth");
    storage().writeWhole(source, bytes);
    java.nio.file.Path local = localDir.resolve("copies/vgg19.pth");

    String sha256 = storage().copyToLocal(source.toString(), local);

    assertThat(Files.readAllBytes(local)).isEqualTo(bytes);
    assertThat(sha256).isEqualTo(Digests.sha256(bytes));
    try (var files = Files.list(local.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("vgg19.pth");
    }
  }

  @Test
  void aMissingCopySourceLeavesNothingLocally() {
    java.nio.file.Path local = localDir.resolve("copies/none.pth");

    assertThatThrownBy(() -> storage().copyToLocal(root() + "/weights/none.pth", local))
        .isInstanceOf(FileNotFoundException.class);
    assertThat(local).doesNotExist();
  }

  private static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + i / 256);
    }
    return bytes;
  }
}
