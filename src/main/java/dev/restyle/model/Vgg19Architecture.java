package dev.restyle.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** VGG19's convolutional part, layer by layer, in torchvision's order. */
public final class Vgg19Architecture {

  private static final int[] CONVS_PER_BLOCK = {2, 2, 4, 4, 4};
  private static final int[] CHANNELS_PER_BLOCK = {64, 128, 256, 512, 512};
  private static final Map<String, VggLayer> LAYERS = buildLayers();

  private Vgg19Architecture() {}

  /** All 37 layers, conv1_1 to pool5. */
  public static List<VggLayer> layers() {
    return List.copyOf(LAYERS.values());
  }

  /** The layer with this paper name, e.g. {@code relu4_2}. */
  public static VggLayer layer(String name) {
    VggLayer layer = LAYERS.get(name);
    if (layer == null) {
      throw new IllegalArgumentException(
          "unknown VGG19 layer '" + name + "'; expected one of " + String.join(", ", LAYERS.keySet()));
    }
    return layer;
  }

  /** The deepest of these layers: the model never needs to be built past it. */
  public static VggLayer deepest(Collection<String> names) {
    return names.stream()
        .map(Vgg19Architecture::layer)
        .max(Comparator.comparingInt(VggLayer::index))
        .orElseThrow(() -> new IllegalArgumentException("at least one layer is needed"));
  }

  /** Layers from the input up to and including {@code last}. */
  public static List<VggLayer> upTo(VggLayer last) {
    return LAYERS.values().stream().filter(l -> l.index() <= last.index()).collect(Collectors.toList());
  }

  private static Map<String, VggLayer> buildLayers() {
    Map<String, VggLayer> layers = new LinkedHashMap<>();
    List<VggLayer> ordered = new ArrayList<>();
    int index = 0;
    int channels = 3;
    for (int block = 1; block <= CONVS_PER_BLOCK.length; block++) {
      int out = CHANNELS_PER_BLOCK[block - 1];
      for (int conv = 1; conv <= CONVS_PER_BLOCK[block - 1]; conv++) {
        String suffix = block + "_" + conv;
        ordered.add(new VggLayer("conv" + suffix, VggLayer.Kind.CONV, index++, channels, out));
        ordered.add(new VggLayer("relu" + suffix, VggLayer.Kind.RELU, index++, out, out));
        channels = out;
      }
      ordered.add(new VggLayer("pool" + block, VggLayer.Kind.POOL, index++, out, out));
    }
    ordered.forEach(layer -> layers.put(layer.name(), layer));
    return layers;
  }
}
