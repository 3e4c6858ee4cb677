package dev.restyle.model.weights;

import java.io.Closeable;
import java.util.Map;

/**
 * A PyTorch state dict opened from a file: every key with its dtype and shape, no tensor data yet.
 * Callers read only the tensors they need, so the 470 MB VGG19 classifier is never loaded.
 */
public interface StateDict extends Closeable {

  /** Which reader opened it, e.g. {@code torch-legacy}, {@code torch-zip}, {@code safetensors}. */
  String format();

  /** All tensors by key, in file order. */
  Map<String, StoredTensor> tensors();
}
