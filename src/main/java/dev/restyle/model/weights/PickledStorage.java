package dev.restyle.model.weights;

import ai.djl.ndarray.types.DataType;

/**
 * One storage of a {@code torch.save} file as its pickle describes it: the key that names its bytes
 * (an entry {@code data/<key>} of the zip format, a position in the legacy stream), its element type
 * and its element count. Several tensors may share one storage.
 */
record PickledStorage(String key, DataType dataType, long numel) {

  long byteLength() {
    return Math.multiplyExact(numel, (long) dataType.getNumOfBytes());
  }
}
