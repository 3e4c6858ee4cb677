package dev.restyle.model.weights;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File helpers for the weights tests: truncated copies that stay cheap for 575 MB fixtures. */
final class WeightsTestFiles {

  private WeightsTestFiles() {}

  /** A real copy of the first {@code bytes} bytes of {@code source}. */
  static Path copyPrefix(Path source, Path target, long bytes) throws IOException {
    try (FileChannel in = FileChannel.open(source);
        FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long copied = 0;
      while (copied < bytes) {
        copied += in.transferTo(copied, bytes - copied, out);
      }
    }
    return target;
  }

  /**
   * The file minus its last {@code cut} bytes, without copying 575 MB: the first {@code head} bytes
   * are copied and the rest is a sparse hole of zeros. Only for readers that decide from the headers
   * and the file length, which is exactly what the truncation check must do.
   */
  static Path cutTail(Path source, Path target, long head, long cut) throws IOException {
    copyPrefix(source, target, head);
    try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
      file.setLength(Files.size(source) - cut);
    }
    return target;
  }

  /** A float32 tensor's values. */
  static float[] floats(StoredTensor tensor) throws IOException {
    java.nio.FloatBuffer buffer = tensor.read().asFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  /**
   * Bytes this process has read through read syscalls ({@code rchar} of /proc/self/io), an
   * OS-level count independent of the readers' own counters; empty where /proc is unavailable.
   */
  static OptionalLong processBytesRead() {
    try {
      Matcher m = Pattern.compile("(?m)^rchar: (\\d+)$").matcher(Files.readString(Path.of("/proc/self/io")));
      return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
