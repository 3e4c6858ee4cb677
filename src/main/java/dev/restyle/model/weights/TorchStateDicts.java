package dev.restyle.model.weights;

import dev.restyle.model.weights.TorchUnpickler.OpaqueGlobal;
import dev.restyle.model.weights.TorchUnpickler.OpaqueObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the two torch formats share once their pickle is read: finding the state dict in the
 * unpickled object, checking each tensor against its storage, and turning it into a lazy {@link
 * StoredTensor}. The formats differ only in where a storage's bytes are, which they supply as a
 * {@link StorageReader}.
 */
final class TorchStateDicts {

  /** Where checkpoints commonly nest the state dict ({@code torch.save({'epoch': 3, 'state_dict': ...})}). */
  private static final List<String> WRAPPER_KEYS = List.of("state_dict", "model");

  /** Reads {@code length} bytes starting {@code byteOffset} bytes into a storage. */
  @FunctionalInterface
  interface StorageReader {
    ByteBuffer read(PickledStorage storage, long byteOffset, int length) throws IOException;
  }

  private TorchStateDicts() {}

  /**
   * The tensors of the pickled state dict, by key, in pickle order. Accepts a dict of tensors, or a
   * dict holding one under {@code state_dict} or {@code model}; anything else is explained.
   */
  static Map<String, PickledTensor> tensorsOf(Object root, Path file) {
    if (!(root instanceof Map<?, ?> dict)) {
      String hint =
          root instanceof OpaqueObject
              ? "; if it is a whole model saved with torch.save(model), save model.state_dict() instead"
              : "";
      throw new InvalidWeightsException(
          file + " is not a state dict: it holds " + describe(root) + ", not a dict of tensors" + hint);
    }
    if (!allTensors(dict)) {
      for (String wrapper : WRAPPER_KEYS) {
        if (dict.get(wrapper) instanceof Map<?, ?> inner && !inner.isEmpty() && allTensors(inner)) {
          dict = inner;
          break;
        }
      }
    }
    Map<String, PickledTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : dict.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new InvalidWeightsException(
            file + " is not a state dict: it has a key " + describe(entry.getKey()) + ", expected str keys");
      }
      if (!(entry.getValue() instanceof PickledTensor tensor)) {
        throw new InvalidWeightsException(
            file + " is not a state dict: its entry '" + key + "' holds " + describe(entry.getValue())
                + ", not a tensor (for a training checkpoint, the tensors are looked for under "
                + String.join(" or ", WRAPPER_KEYS.stream().map(k -> "'" + k + "'").toList()) + ")");
      }
      tensors.put(key, tensor);
    }
    return tensors;
  }

  /**
   * Lazy tensors over a format's storage bytes. Each tensor must lie inside its storage (checked
   * here, at open time); contiguity is checked when a tensor is read, so that one odd tensor does
   * not make the rest of the file unreadable.
   */
  static Map<String, StoredTensor> storedTensors(
      Map<String, PickledTensor> pickled, Path file, StorageReader reader) {
    Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, PickledTensor> entry : pickled.entrySet()) {
      String key = entry.getKey();
      PickledTensor tensor = entry.getValue();
      if (!tensor.fitsInStorage()) {
        throw new InvalidWeightsException(
            file + " is corrupt: tensor '" + key + "' (shape " + Arrays.toString(tensor.shape()) + ", offset "
                + tensor.offset() + ") reaches past the end of storage " + tensor.storage().key() + " ("
                + tensor.limit() + " elements)");
      }
      tensors.put(
          key,
          new LazyTensor(key, tensor.dataType(), tensor.shape(), () -> readContiguous(key, tensor, file, reader)));
    }
    return tensors;
  }

  private static ByteBuffer readContiguous(String key, PickledTensor tensor, Path file, StorageReader reader)
      throws IOException {
    if (!tensor.contiguous()) {
      throw new InvalidWeightsException(
          file + ": tensor '" + key + "' is not contiguous (shape " + Arrays.toString(tensor.shape()) + ", stride "
              + Arrays.toString(tensor.stride()) + "); only contiguous tensors are supported, re-save it with"
              + " tensor.contiguous()");
    }
    int length = LazyTensor.byteLength(key, tensor.dataType(), tensor.shape());
    long byteOffset = Math.multiplyExact(tensor.offset(), (long) tensor.dataType().getNumOfBytes());
    return reader.read(tensor.storage(), byteOffset, length);
  }

  private static boolean allTensors(Map<?, ?> dict) {
    return dict.values().stream().allMatch(PickledTensor.class::isInstance);
  }

  /** A Python-flavoured name for an unpickled value, for error messages. */
  static String describe(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof PickledTensor) {
      return "a tensor";
    }
    if (value instanceof Map<?, ?>) {
      return "a dict";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof Object[] tuple) {
      return "a tuple of " + tuple.length;
    }
    if (value instanceof String s) {
      return "the string '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
    if (value instanceof Boolean) {
      return "a bool";
    }
    if (value instanceof Double) {
      return "a float";
    }
    if (value instanceof Number) {
      return "an int";
    }
    if (value instanceof OpaqueObject o) {
      return "a " + o.pythonType() + " object";
    }
    if (value instanceof OpaqueGlobal g) {
      return "the Python name " + g.name();
    }
    return "a " + value.getClass().getSimpleName();
  }
}
