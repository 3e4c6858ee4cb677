package dev.restyle.model.weights;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;

/** One tensor of a state dict, described by its header; its bytes are read only when asked for. */
public interface StoredTensor {

  String key();

  DataType dataType();

  /** The shape as PyTorch reports it, e.g. {@code [64, 3, 3, 3]}. */
  long[] shape();

  /** The tensor's elements, contiguous, in little-endian order, in a direct buffer. */
  ByteBuffer read() throws IOException;
}
