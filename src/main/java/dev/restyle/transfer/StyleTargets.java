package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.VggLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gram matrices of a style image, per style layer, and its activations' per-channel means (which the
 * Wasserstein style loss needs besides the Gram, the second raw moment over C; C floats a layer, so every
 * style keeps them, and one cache entry serves either loss). Computed once per (style image, size, layers,
 * pooling, weights) and reusable by any number of pairs; they live in their own manager.
 */
public final class StyleTargets implements AutoCloseable {

  private final Map<String, NDArray> grams;
  private final Map<String, NDArray> means;
  private final NDManager manager;

  private StyleTargets(Map<String, NDArray> grams, Map<String, NDArray> means, NDManager manager) {
    this.grams = grams;
    this.means = means;
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
          Map<String, NDArray> means = new LinkedHashMap<>();
          try (NDManager scratch = styleImage.getManager().newSubManager()) {
            NDArray image = styleImage.duplicate();
            image.attach(scratch);
            NDList features = model.features(image);
            for (String layer : layers) {
              NDArray gram = GramMatrix.of(features.get(layer));
              gram.attach(manager);
              grams.put(layer, gram);
              NDArray mean = channelMeans(features.get(layer));
              mean.attach(manager);
              means.put(layer, mean);
            }
          }
          return new StyleTargets(grams, means, manager);
        });
  }

  /**
   * {@link #compute}, with the network's activations bounded by {@code tile}, and the same targets: an
   * image larger than a tile is cut into a grid of near-equal windows of about {@code tile} pixels a side,
   * each is run through the network with a margin of context around it (as far as the image reaches), and
   * only the activations of the window itself enter its Gram. The margin is VGG19's receptive-field radius
   * at the deepest style layer (85 px at relu5_1, rounded up to 96), and windows start on multiples of the
   * deepest layer's stride so the pooling grids line up: every activation a window keeps is the one the
   * whole image would have, and the area-weighted sum of the windows' Grams is the whole image's Gram, up to
   * float32 summation order. Memory: one window plus margins, (tile + 2·margin)² pixels, without a graph.
   */
  public static StyleTargets computeTiled(
      Vgg19 model, NDArray styleImage, List<String> layers, NDManager owner, int tile) {
    int height = (int) styleImage.getShape().get(2);
    int width = (int) styleImage.getShape().get(3);
    if (tile <= 0 || (width <= tile && height <= tile)) {
      return compute(model, styleImage, layers, owner);
    }
    int align = 1;
    int radius = 0;
    for (String layer : layers) {
      align = Math.max(align, stride(layer));
      radius = Math.max(radius, receptiveRadius(layer));
    }
    int margin = (radius + align - 1) / align * align;
    int step = align;
    NDManager manager = owner.newSubManager();
    return Autograd.withGradMode(
        false,
        () -> {
          Map<String, NDArray> sums = new LinkedHashMap<>();
          Map<String, NDArray> meanSums = new LinkedHashMap<>();
          for (int[] rows : partition(height, tile, step)) {
            for (int[] columns : partition(width, tile, step)) {
              try (NDManager scratch = styleImage.getManager().newSubManager()) {
                int top = Math.max(0, rows[0] - margin);
                int left = Math.max(0, columns[0] - margin);
                int bottom = Math.min(height, rows[0] + rows[1] + margin);
                int right = Math.min(width, columns[0] + columns[1] + margin);
                NDArray context = styleImage.get(new NDIndex(":, :, {}:{}, {}:{}", top, bottom, left, right));
                context.attach(scratch);
                NDList features = model.features(context);
                for (String layer : layers) {
                  int s = stride(layer);
                  NDArray all = features.get(layer);
                  // Rows of this window at this layer; the last window keeps what pooling's floor leaves.
                  long r0 = (rows[0] - top) / s;
                  long r1 = rows[0] + rows[1] == height ? all.getShape().get(2) : (rows[0] + rows[1] - top) / s;
                  long c0 = (columns[0] - left) / s;
                  long c1 = columns[0] + columns[1] == width ? all.getShape().get(3)
                      : (columns[0] + columns[1] - left) / s;
                  NDArray own = all.get(new NDIndex(":, :, {}:{}, {}:{}", r0, r1, c0, c1));
                  // A Gram is normalized by its positions: weigh each window by its share of them.
                  double share = (double) ((r1 - r0) * (c1 - c0)) / ((long) (height / s) * (width / s));
                  NDArray weighted = GraphConstants.times(GramMatrix.of(own), share);
                  accumulate(sums, layer, weighted, manager);
                  accumulate(meanSums, layer, GraphConstants.times(channelMeans(own), share), manager);
                }
              }
            }
          }
          return new StyleTargets(sums, meanSums, manager);
        });
  }

  /** {@code sums[layer] += part}, the first part moved under {@code manager}. */
  private static void accumulate(Map<String, NDArray> sums, String layer, NDArray part, NDManager manager) {
    NDArray sum = sums.get(layer);
    if (sum == null) {
      part.attach(manager);
      sums.put(layer, part);
    } else {
      sum.addi(part);
    }
  }

  /** The mean of each channel of a 1×C×H×W activation over its positions: a C vector. */
  static NDArray channelMeans(NDArray features) {
    Shape shape = features.getShape();
    try (NDArray flat = features.reshape(shape.get(1), shape.get(2) * shape.get(3))) {
      return flat.mean(new int[] {1}); // DJL's PyTorch engine takes one axis per mean
    }
  }

  /** {start, length} of near-equal spans covering {@code length}, about {@code tile} each, starting on multiples of {@code step}. */
  static List<int[]> partition(int length, int tile, int step) {
    int count = (length + tile - 1) / tile;
    List<int[]> spans = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= count; i++) {
      int end = i == count ? length : (int) ((long) length * i / count / step * step);
      if (end > start) {
        spans.add(new int[] {start, end - start});
        start = end;
      }
    }
    return spans;
  }

  /** How many input pixels one activation of {@code layer} steps over: 2 per pooling before it. */
  static int stride(String layer) {
    int stride = 1;
    for (VggLayer l : Vgg19Architecture.upTo(Vgg19Architecture.layer(layer))) {
      if (l.kind() == VggLayer.Kind.POOL) {
        stride *= 2;
      }
    }
    return stride;
  }

  /** How far from an activation's centre the input pixels it depends on reach (3×3 convs, 2×2 pools). */
  static int receptiveRadius(String layer) {
    int radius = 0;
    int stride = 1;
    for (VggLayer l : Vgg19Architecture.upTo(Vgg19Architecture.layer(layer))) {
      if (l.kind() == VggLayer.Kind.CONV) {
        radius += stride;
      } else if (l.kind() == VggLayer.Kind.POOL) {
        radius += stride;
        stride *= 2;
      }
    }
    return radius;
  }

  /** Takes ownership of already computed Gram matrices (without means), moving them under {@code owner}. */
  static StyleTargets fromGrams(Map<String, NDArray> grams, NDManager owner) {
    return fromMoments(grams, Map.of(), owner);
  }

  /** Takes ownership of already computed Grams and channel means, moving them under {@code owner}. */
  static StyleTargets fromMoments(Map<String, NDArray> grams, Map<String, NDArray> means, NDManager owner) {
    NDManager manager = owner.newSubManager();
    Map<String, NDArray> ownedGrams = new LinkedHashMap<>(grams);
    Map<String, NDArray> ownedMeans = new LinkedHashMap<>(means);
    ownedGrams.values().forEach(gram -> gram.attach(manager));
    ownedMeans.values().forEach(mean -> mean.attach(manager));
    return new StyleTargets(ownedGrams, ownedMeans, manager);
  }

  public NDArray gram(String layer) {
    NDArray gram = grams.get(layer);
    if (gram == null) {
      throw new IllegalArgumentException("no style target for layer " + layer + "; have " + grams.keySet());
    }
    return gram;
  }

  /** The style's per-channel activation means at {@code layer} (C values). */
  public NDArray mean(String layer) {
    NDArray mean = means.get(layer);
    if (mean == null) {
      throw new IllegalArgumentException("no style mean for layer " + layer + "; have " + means.keySet());
    }
    return mean;
  }

  /** Whether the means are there (targets made from Grams alone, as some tests make them, have none). */
  boolean hasMeans() {
    return !means.isEmpty();
  }

  public Iterable<String> layers() {
    return grams.keySet();
  }

  /** Bytes held on the device, for bounding a cache of targets. */
  public long sizeInBytes() {
    return java.util.stream.Stream.concat(grams.values().stream(), means.values().stream())
        .mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
  }

  @Override
  public void close() {
    manager.close();
  }
}
