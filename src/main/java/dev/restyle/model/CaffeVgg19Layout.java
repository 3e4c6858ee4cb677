package dev.restyle.model;

import dev.restyle.model.weights.InvalidWeightsException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The key layout of the Caffe VGG19 converted to PyTorch ({@code vgg19-d01eb7cb.pth}), which
 * {@code --preprocessing caffe} reads: neural-style-pt's CaffeLoader builds {@code features} as torchvision
 * numbers it (convolutions at features.0, 2, 5, … 34, each a weight and a bias) and a classifier whose
 * layers the converted file numbers 1, 4 and 6 (neural-style-pt's download script renames 1 and 4 to
 * torchvision's 0 and 3 when it saves its copy, so that layout is accepted too). Nothing else is in the file.
 *
 * <p>Why check more than the convolutions Restyle reads: a state dict of another network, or of VGG19 after
 * another conversion, can hold tensors under the same first names; the whole layout says it is this file's.
 */
final class CaffeVgg19Layout {

  private static final int SHOWN = 8;
  private static final List<String> CONVERTED_CLASSIFIER = classifier(1, 4, 6);
  private static final List<String> RENAMED_CLASSIFIER = classifier(0, 3, 6);

  private CaffeVgg19Layout() {}

  /** @throws InvalidWeightsException naming the missing and the unexpected keys */
  static void check(Set<String> keys, String source) {
    List<String> expected = new ArrayList<>();
    for (VggLayer layer : Vgg19Architecture.layers()) {
      if (layer.kind() == VggLayer.Kind.CONV) {
        expected.add(layer.weightKey());
        expected.add(layer.biasKey());
      }
    }
    expected.addAll(keys.contains(RENAMED_CLASSIFIER.get(0)) ? RENAMED_CLASSIFIER : CONVERTED_CLASSIFIER);
    List<String> missing = expected.stream().filter(k -> !keys.contains(k)).toList();
    Set<String> known = new LinkedHashSet<>(expected);
    List<String> unexpected = keys.stream().filter(k -> !known.contains(k)).toList();
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("missing " + listed(missing));
    }
    if (!unexpected.isEmpty()) {
      parts.add("unexpected " + listed(unexpected));
    }
    throw new InvalidWeightsException(source + " is not the Caffe VGG19 (vgg19-d01eb7cb.pth) that --preprocessing "
        + "caffe reads: " + String.join("; ", parts));
  }

  private static String listed(List<String> keys) {
    String shown = keys.stream().limit(SHOWN).map(k -> "'" + k + "'").collect(Collectors.joining(", "));
    return keys.size() > SHOWN ? shown + ", … " + (keys.size() - SHOWN) + " more" : shown;
  }

  private static List<String> classifier(int... indices) {
    List<String> keys = new ArrayList<>();
    for (int index : indices) {
      keys.add("classifier." + index + ".weight");
      keys.add("classifier." + index + ".bias");
    }
    return List.copyOf(keys);
  }
}
