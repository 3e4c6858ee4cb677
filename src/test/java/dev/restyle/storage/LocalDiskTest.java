package dev.restyle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDiskTest {

  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  @Test
  void aFileWrittenOverOneHadoopWroteReadsBackThroughHadoopWithoutAChecksumError() throws IOException {
    LocalFileSystem hadoop = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("out/image.png").toUri());
    try (var out = hadoop.create(target, true)) {
      out.write("old bytes, with Hadoop's checksum beside them".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(dir.resolve("out/.image.png.crc")).as("the control: Hadoop's own write").exists();

    new Storage(conf).writeWhole(target, "new".getBytes(StandardCharsets.UTF_8));

    try (FSDataInputStream in = hadoop.open(target)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("new");
    }
    assertThat(files()).containsExactly("out/image.png");
  }

  @Test
  void hadoopsLocalFileSystemsNameTheFileOnThisDisk() throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.resolve("a/b.png").toUri());
    LocalFileSystem local = FileSystem.getLocal(conf);

    assertThat(LocalDisk.fileOf(local, path)).isEqualTo(dir.resolve("a/b.png"));
    assertThat(LocalDisk.fileOf(local.getRawFileSystem(), path)).isEqualTo(dir.resolve("a/b.png"));
  }

  @Test
  void touchMakesTheFoldersAndAnEmptyFile() throws IOException {
    LocalDisk.touch(dir.resolve("x/y/marker"));
    assertThat(dir.resolve("x/y/marker")).exists().isEmptyFile();
  }

  private java.util.List<String> files() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
    }
  }
}
