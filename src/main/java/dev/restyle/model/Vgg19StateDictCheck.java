package dev.restyle.model;

import ai.djl.ndarray.types.DataType;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.model.weights.StateDict;
import dev.restyle.model.weights.StoredTensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks, before anything is loaded, that a state dict holds VGG19's convolutions up to a depth, with
 * the right shapes and float32 elements. Messages name the key, so users can tell which file is wrong.
 */
final class Vgg19StateDictCheck {

  private static final int SHOWN_KEYS = 8;

  private Vgg19StateDictCheck() {}

  static void validate(StateDict stateDict, String source, List<VggLayer> layers) {
    Map<String, StoredTensor> tensors = stateDict.tensors();
    for (VggLayer layer : layers) {
      if (layer.kind() != VggLayer.Kind.CONV) {
        continue;
      }
      long[] weightShape = {layer.outChannels(), layer.inChannels(), 3, 3};
      check(tensors, source, layer.weightKey(), weightShape);
      check(tensors, source, layer.biasKey(), new long[] {layer.outChannels()});
    }
  }

  private static void check(Map<String, StoredTensor> tensors, String source, String key, long[] expected) {
    StoredTensor tensor = tensors.get(key);
    if (tensor == null) {
      throw new InvalidWeightsException(
          source + " is not a torchvision VGG19 state dict: key '" + key + "' is missing (it has "
              + describeKeys(tensors) + ")");
    }
    if (!Arrays.equals(tensor.shape(), expected)) {
      throw new InvalidWeightsException(
          source + ": '" + key + "' has shape " + shape(tensor.shape()) + ", VGG19 expects "
              + shape(expected));
    }
    if (tensor.dataType() != DataType.FLOAT32) {
      throw new InvalidWeightsException(
          source + ": '" + key + "' is " + tensor.dataType() + ", VGG19 weights must be float32");
    }
  }

  private static String describeKeys(Map<String, StoredTensor> tensors) {
    if (tensors.isEmpty()) {
      return "no tensors";
    }
    String shown = tensors.keySet().stream().limit(SHOWN_KEYS).collect(Collectors.joining(", "));
    int more = tensors.size() - SHOWN_KEYS;
    return tensors.size() + " keys: " + shown + (more > 0 ? ", … " + more + " more" : "");
  }

  static String shape(long[] dims) {
    return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
  }
}
