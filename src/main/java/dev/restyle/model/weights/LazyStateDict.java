package dev.restyle.model.weights;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The state dict every reader of this package returns: the tensor index built at open time, and the
 * open file the tensors read from when asked.
 */
final class LazyStateDict implements StateDict {

  private final String format;
  private final Path file;
  private final Map<String, StoredTensor> tensors;
  private final Closeable source;
  private final LongSupplier bytesRead;

  LazyStateDict(
      String format, Path file, Map<String, StoredTensor> tensors, Closeable source, LongSupplier bytesRead) {
    this.format = format;
    this.file = file;
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    this.source = source;
    this.bytesRead = bytesRead;
  }

  /** The same open file with another tensor index (e.g. renamed keys); closing either closes both. */
  LazyStateDict withTensors(Map<String, StoredTensor> renamed) {
    return new LazyStateDict(format, file, renamed, source, bytesRead);
  }

  @Override
  public String format() {
    return format;
  }

  Path file() {
    return file;
  }

  @Override
  public Map<String, StoredTensor> tensors() {
    return tensors;
  }

  /**
   * Bytes read from the file since it was opened, headers included. Package-private: it exists so
   * that tests can prove laziness (reading VGG19's features must not read its classifier).
   */
  long bytesRead() {
    return bytesRead.getAsLong();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }

  @Override
  public String toString() {
    return format + " state dict " + file + " (" + tensors.size() + " tensors)";
  }
}
