package dev.restyle.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * bf16 copies of a loaded VGG19's convolution weights and biases, made once, in the model's own manager, with the
 * casts that make them. The weights keep the block's layout (channels-last on the CPU), so oneDNN reorders them no
 * more than the float32 ones. They take half the float32 weights' memory (about 26 MB to relu5_1) and live as long
 * as the model.
 */
final class Bf16Weights {

  private final Bf16Casts casts;
  private final Map<String, NDArray> weights = new HashMap<>();
  private final Map<String, NDArray> biases = new HashMap<>();

  private Bf16Weights(Bf16Casts casts) {
    this.casts = casts;
  }

  /** Copies of {@code block}'s weights, owned by {@code manager} (the model's); the casts close with it too. */
  static Bf16Weights of(Vgg19Features block, NDManager manager) {
    Bf16Casts casts = Bf16Casts.load(manager); // the module attaches itself to the manager
    Bf16Weights copies = new Bf16Weights(casts);
    for (VggLayer layer : block.layers()) {
      if (layer.kind() == VggLayer.Kind.CONV) {
        copies.weights.put(layer.name(), casts.toBf16(block.weight(layer)));
        copies.biases.put(layer.name(), casts.toBf16(block.bias(layer)));
      }
    }
    return copies;
  }

  Bf16Casts casts() {
    return casts;
  }

  NDArray weight(VggLayer layer) {
    return weights.get(layer.name());
  }

  NDArray bias(VggLayer layer) {
    return biases.get(layer.name());
  }
}
