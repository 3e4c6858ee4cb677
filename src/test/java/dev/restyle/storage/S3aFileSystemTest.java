package dev.restyle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.testing.S3ProxyServer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * s3a (hadoop-aws 3.4.2) against a real S3 server (S3Proxy on 127.0.0.1) with only the AWS SDK modules
 * pom.xml declares instead of the 612 MiB bundle: every operation the job uses, the multipart upload
 * path, and the transfer-manager path (copyFromLocalFile).
 */
class S3aFileSystemTest {

  private static final int MIB = 1024 * 1024;

  private static S3ProxyServer s3;
  private static String bucket;
  private static Configuration conf;
  private static FileSystem fs;

  @BeforeAll
  static void startServer() throws IOException {
    s3 = S3ProxyServer.start();
    bucket = s3.createRandomBucket("restyle-test");
    conf = new Configuration();
    s3.hadoopConf().forEach(conf::set);
    // The smallest part size S3 allows: the 12 MiB write below goes up in three parts.
    conf.set("fs.s3a.multipart.size", "5M");
    conf.set("fs.s3a.multipart.threshold", "5M");
    // Not FileSystem.get: the cached instance would outlive this server. Closed in stopServer.
    fs = FileSystem.newInstance(URI.create("s3a://" + bucket + "/"), conf);
  }

  @AfterAll
  static void stopServer() throws IOException {
    try {
      if (fs != null) {
        fs.close();
      }
    } finally {
      if (s3 != null) {
        s3.close();
      }
    }
  }

  @Test
  void writesAndReadsBackASmallFile() throws IOException {
    Path file = new Path("s3a://" + bucket + "/small/hello.txt");
    byte[] content = "hello, s3a\n".getBytes(StandardCharsets.UTF_8);

    try (FSDataOutputStream out = fs.create(file, false)) {
      out.write(content);
    }

    assertThat(fs.exists(file)).isTrue();
    FileStatus status = fs.getFileStatus(file);
    assertThat(status.isFile()).isTrue();
    assertThat(status.getLen()).isEqualTo(content.length);
    assertThat(read(file)).isEqualTo(content);
    // The object really is on the server's disk.
    assertThat(s3.dataDir().resolve(bucket).resolve("small/hello.txt")).hasBinaryContent(content);
  }

  @Test
  void listsADirectoryAndGlobs() throws IOException {
    Path dir = new Path("s3a://" + bucket + "/listing");
    for (String name : new String[] {"a.jpg", "b.jpg", "c.png", "sub/d.jpg"}) {
      write(new Path(dir, name), name.getBytes(StandardCharsets.UTF_8));
    }

    FileStatus[] listed = fs.listStatus(dir);
    assertThat(Arrays.stream(listed).map(s -> s.getPath().getName()))
        .containsExactlyInAnyOrder("a.jpg", "b.jpg", "c.png", "sub");
    assertThat(Arrays.stream(listed).filter(FileStatus::isDirectory).map(s -> s.getPath().getName()))
        .containsExactly("sub");

    FileStatus[] jpgs = fs.globStatus(new Path(dir, "*.jpg"));
    assertThat(Arrays.stream(jpgs).map(s -> s.getPath().getName())).containsExactlyInAnyOrder("a.jpg", "b.jpg");

    FileStatus[] nested = fs.globStatus(new Path(dir, "{sub/*,c}.{jpg,png}"));
    assertThat(Arrays.stream(nested).map(s -> s.getPath().toUri().getPath()))
        .containsExactlyInAnyOrder("/listing/sub/d.jpg", "/listing/c.png");
  }

  @Test
  void renamesAndDeletes() throws IOException {
    Path dir = new Path("s3a://" + bucket + "/moves");
    Path from = new Path(dir, "from.bin");
    Path to = new Path(dir, "out/to.bin");
    byte[] content = randomBytes(64 * 1024, 1);
    write(from, content);
    fs.mkdirs(to.getParent());

    assertThat(fs.rename(from, to)).isTrue();

    assertThat(fs.exists(from)).isFalse();
    assertThat(read(to)).isEqualTo(content);

    assertThat(fs.delete(to, false)).isTrue();
    assertThat(fs.exists(to)).isFalse();
    write(new Path(dir, "tree/x"), new byte[] {1});
    write(new Path(dir, "tree/y/z"), new byte[] {2});
    assertThat(fs.delete(new Path(dir, "tree"), true)).isTrue();
    assertThat(fs.exists(new Path(dir, "tree"))).isFalse();
    assertThat(fs.delete(new Path(dir, "never-there"), false)).isFalse();
  }

  @Test
  void missingKeysAreFileNotFound() {
    Path missing = new Path("s3a://" + bucket + "/no/such/key.jpg");

    assertThatThrownBy(() -> fs.open(missing).close()).isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> fs.getFileStatus(missing)).isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> fs.listStatus(new Path("s3a://" + bucket + "/no/such/dir")))
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void writesAMultipartObject() throws IOException {
    Path file = new Path("s3a://" + bucket + "/large/twelve.bin");
    byte[] content = randomBytes(12 * MIB, 2);
    long partsBefore = counter("multipart_upload_part_put");

    try (FSDataOutputStream out = fs.create(file, true)) {
      // In uneven chunks, as an encoder writes.
      for (int off = 0; off < content.length; off += 700_001) {
        out.write(content, off, Math.min(700_001, content.length - off));
      }
    }

    assertThat(counter("multipart_upload_part_put") - partsBefore).isEqualTo(3);
    assertThat(fs.getFileStatus(file).getLen()).isEqualTo(content.length);
    assertThat(sha256(read(file))).isEqualTo(sha256(content));
    try (FSDataInputStream in = fs.open(file)) {
      byte[] middle = new byte[1000];
      in.readFully(7 * MIB - 500, middle);
      assertThat(middle).isEqualTo(Arrays.copyOfRange(content, 7 * MIB - 500, 7 * MIB + 500));
    }
  }

  @Test
  void copiesALocalFileUp() throws IOException {
    java.nio.file.Path local = s3.runDir().resolve("upload.bin");
    byte[] content = randomBytes(6 * MIB, 3);
    Files.write(local, content);
    Path target = new Path("s3a://" + bucket + "/uploaded/upload.bin");

    fs.copyFromLocalFile(false, true, new Path(local.toUri()), target);

    assertThat(sha256(read(target))).isEqualTo(sha256(content));
    Files.delete(local);
  }

  @Test
  void secretKeyIsNotInToStrings() {
    assertThat(conf.toString()).doesNotContain(s3.secretKey());
    assertThat(fs.toString()).doesNotContain(s3.secretKey());
  }

  private static long counter(String name) {
    Long value = fs.getStorageStatistics().getLong(name);
    return value == null ? 0 : value;
  }

  private static void write(Path path, byte[] content) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(content);
    }
  }

  private static byte[] read(Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] data) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
