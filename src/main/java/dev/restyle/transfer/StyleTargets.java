package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.Autograd;
import dev.restyle.model.Vgg19;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Gram matrices of a style image, per style layer. Computed once per (style image, size, layers,
 * pooling, weights) and reusable by any number of pairs; they live in their own manager.
 */
public final class StyleTargets implements AutoCloseable {

  private final Map<String, NDArray> grams;
  private final NDManager manager;

  private StyleTargets(Map<String, NDArray> grams, NDManager manager) {
    this.grams = grams;
    this.manager = manager;
  }

  /**
   * @param styleImage a 1×3×H×W pixel-space image on the model's device
   * @param owner the manager the targets will live under, e.g. a cache's, so they can outlive the pair
   */
  public static StyleTargets compute(
      Vgg19 model, NDArray styleImage, Iterable<String> layers, NDManager owner) {
    NDManager manager = owner.newSubManager();
    return Autograd.withGradMode(
        false,
        () -> {
          Map<String, NDArray> grams = new LinkedHashMap<>();
          try (NDManager scratch = styleImage.getManager().newSubManager()) {
            NDArray image = styleImage.duplicate();
            image.attach(scratch);
            NDList features = model.features(image);
            for (String layer : layers) {
              NDArray gram = GramMatrix.of(features.get(layer));
              gram.attach(manager);
              grams.put(layer, gram);
            }
          }
          return new StyleTargets(grams, manager);
        });
  }

  /** Takes ownership of already computed Gram matrices, moving them under {@code owner}. */
  static StyleTargets fromGrams(Map<String, NDArray> grams, NDManager owner) {
    NDManager manager = owner.newSubManager();
    Map<String, NDArray> owned = new LinkedHashMap<>(grams);
    owned.values().forEach(gram -> gram.attach(manager));
    return new StyleTargets(owned, manager);
  }

  public NDArray gram(String layer) {
    NDArray gram = grams.get(layer);
    if (gram == null) {
      throw new IllegalArgumentException("no style target for layer " + layer + "; have " + grams.keySet());
    }
    return gram;
  }

  public Iterable<String> layers() {
    return grams.keySet();
  }

  /** Bytes held on the device, for bounding a cache of targets. */
  public long sizeInBytes() {
    return grams.values().stream().mapToLong(g -> g.size() * g.getDataType().getNumOfBytes()).sum();
  }

  @Override
  public void close() {
    manager.close();
  }
}
