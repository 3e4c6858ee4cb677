package dev.restyle.model.weights;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A {@link StoredTensor} whose bytes come from a format-specific reader, only when asked for. */
final class LazyTensor implements StoredTensor {

  /** Reads the tensor's bytes: exactly {@code numel * elementSize}, little-endian, direct. */
  @FunctionalInterface
  interface Reader {
    ByteBuffer read() throws IOException;
  }

  private final String key;
  private final DataType dataType;
  private final long[] shape;
  private final Reader reader;

  LazyTensor(String key, DataType dataType, long[] shape, Reader reader) {
    this.key = key;
    this.dataType = dataType;
    this.shape = shape.clone();
    this.reader = reader;
  }

  /** The same tensor under another key (used to strip DataParallel's {@code module.} prefix). */
  static StoredTensor renamed(StoredTensor tensor, String key) {
    return new LazyTensor(key, tensor.dataType(), tensor.shape(), tensor::read);
  }

  /** Number of elements of a tensor of this shape (1 for a scalar, 0 if any dimension is 0). */
  static long numel(long[] shape) {
    long n = 1;
    for (long dim : shape) {
      n = Math.multiplyExact(n, dim);
    }
    return n;
  }

  /**
   * Bytes of a tensor of this shape and type, as an int: a {@link ByteBuffer} cannot hold more, and
   * no tensor of the models Restyle loads comes near 2 GiB.
   */
  static int byteLength(String key, DataType dataType, long[] shape) {
    long bytes = Math.multiplyExact(numel(shape), (long) dataType.getNumOfBytes());
    if (bytes > Integer.MAX_VALUE) {
      throw new InvalidWeightsException(
          "tensor '" + key + "' holds " + bytes + " bytes; tensors over 2 GiB are not supported");
    }
    return (int) bytes;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public DataType dataType() {
    return dataType;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public ByteBuffer read() throws IOException {
    return reader.read();
  }

  @Override
  public String toString() {
    return key + " " + dataType + " " + Arrays.toString(shape);
  }
}
